/** The tasks.md model: parse, serialise byte for byte, and tick or mark tasks by one-character edits. */
export type { Heading, Phase, Progress, RawLine, Task, TaskIdStyle, TaskMark, TasksDocument, TaskState, TextEdit } from './model';
export { parseTasks } from './parse';
export { applyEdits, doneMarkOf, serializeTasks, setMarkEdit, tickEdit } from './edit';
export { documentsOf, filesOf, isFeatureDocument } from './files';

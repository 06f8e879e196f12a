/**
 * Every request method a client may send, each with the schema of its params and of its result
 * (the hub validates both ends against this table), and the params of the methods that belong to
 * no other concern: one generation, cancel, the feature list, permissions and agents.
 */
import * as z from 'zod/mini';
import { DiffVersionsParams, DiffVersionsResult, ImpactedTasksParams, ImpactedTasksResult, ListVersionsParams, ListVersionsResult } from './diff';
import { GitHubCancelParams, GitHubCancelResult, GitHubFeaturesParams, GitHubFeaturesResult, GitHubIssuesApplyParams, GitHubIssuesPreviewParams, GitHubIssuesResult, GitHubReadFileParams, GitHubReadFileResult, GitHubRemotesParams, GitHubRemotesResult, GitHubStatus, GitHubStatusParams, IssuePlan } from './github';
import { AgentInfo } from './hub';
import { ExportOperationParams, ExportOperationResult, ListHistoryParams, ListHistoryResult, OperationKind } from './operations';
import { AnswerClarificationParams, FeatureInfo, AnswerClarificationResult, CheckFeatureParams, CheckFeatureResult, CreateFeatureParams, CreateFeatureResult, FeatureStatusParams, FeatureStatusResult, GenerateAllParams, GenerateAllResult, ListClarificationsParams, ListClarificationsResult } from './pipeline';
import { RefineParams, RefineResult } from './refine';
import { ResumeRunParams, ResumeRunResult, RetryResult, RunAllReadyParams, RunAllReadyResult, RunTaskParams, RunTaskResult, SkipResult, StopAllParams, StopAllResult, TaskActionParams, TaskStatusParams, TaskStatusResult } from './tasks';

export const GenerateParams = z.object({
  kind: OperationKind,
  feature: z.string().check(z.minLength(1)),
  prompt: z.string().check(z.maxLength(100_000)),
  agent: z.optional(z.string()),
});
export type GenerateParams = z.infer<typeof GenerateParams>;
export const GenerateResult = z.object({ operationId: z.string() });

export const CancelParams = z.object({ operationId: z.string() });
export const CancelResult = z.object({ cancelled: z.boolean() });

export const ListFeaturesParams = z.optional(z.object({}));
export const ListFeaturesResult = z.object({ features: z.array(FeatureInfo) });

/** The user's answer to an agent's `permission` event. */
export const AnswerPermissionParams = z.object({ operationId: z.string(), permissionId: z.string().check(z.maxLength(200)), optionId: z.string().check(z.maxLength(200)) });
export const AnswerPermissionResult = z.object({ accepted: z.boolean() });

/** Detects every agent afresh; `probeSignIn` also asks those that can tell cheaply whether they are signed in. */
export const DetectAgentsParams = z.optional(z.object({ probeSignIn: z.optional(z.boolean()) }));
export const DetectAgentsResult = z.object({ agents: z.array(AgentInfo) });

/** One-click setup actions of the Agents section; the shell decides how (terminal, clipboard, settings). */
export const AgentActionKind = z.enum(['openLogin', 'copyInstall', 'setDefault']);
export type AgentActionKind = z.infer<typeof AgentActionKind>;
export const AgentActionParams = z.object({ agentId: z.string().check(z.maxLength(100)), action: AgentActionKind });
export const AgentActionResult = z.object({ done: z.boolean(), message: z.optional(z.string()) });

export const RequestMethods = {
  generate: { params: GenerateParams, result: GenerateResult },
  cancel: { params: CancelParams, result: CancelResult },
  listFeatures: { params: ListFeaturesParams, result: ListFeaturesResult },
  answerPermission: { params: AnswerPermissionParams, result: AnswerPermissionResult },
  detectAgents: { params: DetectAgentsParams, result: DetectAgentsResult },
  agentAction: { params: AgentActionParams, result: AgentActionResult },
  createFeature: { params: CreateFeatureParams, result: CreateFeatureResult },
  generateAll: { params: GenerateAllParams, result: GenerateAllResult },
  listClarifications: { params: ListClarificationsParams, result: ListClarificationsResult },
  answerClarification: { params: AnswerClarificationParams, result: AnswerClarificationResult },
  checkFeature: { params: CheckFeatureParams, result: CheckFeatureResult },
  featureStatus: { params: FeatureStatusParams, result: FeatureStatusResult },
  githubStatus: { params: GitHubStatusParams, result: GitHubStatus },
  githubSignIn: { params: GitHubStatusParams, result: GitHubStatus },
  githubRemotes: { params: GitHubRemotesParams, result: GitHubRemotesResult },
  githubFeatures: { params: GitHubFeaturesParams, result: GitHubFeaturesResult },
  githubReadFile: { params: GitHubReadFileParams, result: GitHubReadFileResult },
  githubIssuesPreview: { params: GitHubIssuesPreviewParams, result: IssuePlan },
  githubIssuesApply: { params: GitHubIssuesApplyParams, result: GitHubIssuesResult },
  githubCancel: { params: GitHubCancelParams, result: GitHubCancelResult },
  taskStatus: { params: TaskStatusParams, result: TaskStatusResult },
  runTask: { params: RunTaskParams, result: RunTaskResult },
  runAllReady: { params: RunAllReadyParams, result: RunAllReadyResult },
  retry: { params: TaskActionParams, result: RetryResult },
  skip: { params: TaskActionParams, result: SkipResult },
  resumeRun: { params: ResumeRunParams, result: ResumeRunResult },
  stopAll: { params: StopAllParams, result: StopAllResult },
  listHistory: { params: ListHistoryParams, result: ListHistoryResult },
  exportOperation: { params: ExportOperationParams, result: ExportOperationResult },
  listVersions: { params: ListVersionsParams, result: ListVersionsResult },
  diffVersions: { params: DiffVersionsParams, result: DiffVersionsResult },
  impactedTasks: { params: ImpactedTasksParams, result: ImpactedTasksResult },
  refine: { params: RefineParams, result: RefineResult },
} as const;
export type RequestMethod = keyof typeof RequestMethods;
export type ParamsOf<M extends RequestMethod> = z.infer<(typeof RequestMethods)[M]['params']>;
export type ResultOf<M extends RequestMethod> = z.infer<(typeof RequestMethods)[M]['result']>;

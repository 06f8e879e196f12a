/**
 * Hub request handlers of the document pipeline: the feature folders, one generation, cancel, new
 * feature, Generate All, clarifications, checks, feature status. Errors the services throw on
 * purpose become protocol errors with their code (serviceErrors.ts); the rest stay `internal`.
 */
import type { FeatureInfo } from '../../protocol';
import type { ChainService } from '../features/chain';
import type { FeatureService } from '../features/featureService';
import { GenerationError, type GenerationService } from '../features/generationService';
import { HubError } from '../hub/errors';
import type { RequestHandlers } from '../hub/requests';
import { guard } from './serviceErrors';

export interface PipelineDeps {
  generation: GenerationService;
  chain: ChainService;
  features: FeatureService;
  /** The feature folders of every workspace folder. */
  listFeatures: () => Promise<FeatureInfo[]>;
  /** Stops a task run's operation; false when it is none (`cancel` tries the generation first). */
  cancelTask: (operationId: string) => boolean;
}

export type PipelineMethods = 'listFeatures' | 'generate' | 'cancel' | 'createFeature' | 'generateAll' | 'listClarifications' | 'answerClarification' | 'checkFeature' | 'featureStatus';

export function pipelineHandlers({ generation, chain, features, listFeatures, cancelTask }: PipelineDeps): Pick<RequestHandlers, PipelineMethods> {
  return {
    listFeatures: async () => ({ features: await listFeatures() }),
    generate: (params) => guard(async () => {
      const { operationId } = await generation.start({ kind: params.kind, featureDir: params.feature, userPrompt: params.prompt, agent: params.agent });
      return { operationId };
    }),
    cancel: async (params) => ({ cancelled: generation.cancel(params.operationId) || cancelTask(params.operationId) }),
    createFeature: (params) => guard(async () => {
      const feature = await features.create(params.description, params.root === undefined ? {} : { root: params.root });
      const info = { path: feature.path, name: feature.name, hasSpec: feature.hasSpec };
      const agent = params.agent === undefined ? {} : { agent: params.agent };
      try {
        // The description is the spec's prompt: New Feature is one step for the user.
        if (params.generate === 'all') {
          const { chainId, operationId } = await chain.start({ featureDir: feature.path, prompt: params.description, ...agent });
          return { feature: info, chainId, operationId };
        }
        if (params.generate !== 'none') {
          const { operationId } = await generation.start({ kind: 'spec', featureDir: feature.path, userPrompt: params.description, ...agent });
          return { feature: info, operationId };
        }
      } catch (error) {
        if (error instanceof GenerationError) throw new HubError(error.code, `Created ${feature.name}, but its spec was not generated: ${error.message}`);
        throw error;
      }
      return { feature: info };
    }),
    generateAll: (params) => guard(async () => {
      const { chainId, operationId } = await chain.start({
        featureDir: params.feature, prompt: params.prompt,
        ...(params.agent === undefined ? {} : { agent: params.agent }),
        ...(params.from === undefined ? {} : { from: params.from }),
        ...(params.stagePrompts === undefined ? {} : { stagePrompts: params.stagePrompts }),
      });
      return { chainId, operationId };
    }),
    listClarifications: (params) => guard(async () => ({ clarifications: await features.clarifications(params.feature) })),
    answerClarification: (params) => guard(async () => features.answerClarification(params.feature, { offset: params.offset, question: params.question }, params.answer)),
    checkFeature: (params) => guard(async () => ({ findings: await features.check(params.feature) })),
    featureStatus: (params) => guard(async () => ({ features: params?.feature ? [await features.status(params.feature)] : await features.statusAll() })),
  };
}


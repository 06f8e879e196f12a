import * as z from 'zod/mini';

/**
 * Agents name their model in `session/new` in one of two shapes: the unstable `models` field
 * most agents shipped first, or a `configOptions` select of category "model". Parsed loosely:
 * a shape we do not know means "no model to show", never an error.
 */
const Models = z.object({ models: z.object({ currentModelId: z.string() }) });
const ConfigOptions = z.object({
  configOptions: z.array(z.object({ category: z.nullish(z.string()), currentValue: z.optional(z.unknown()) })),
});

export function modelOf(session: unknown): string | undefined {
  const models = Models.safeParse(session);
  if (models.success) return models.data.models.currentModelId;
  const config = ConfigOptions.safeParse(session);
  if (!config.success) return undefined;
  const option = config.data.configOptions.find((o) => o.category === 'model' && typeof o.currentValue === 'string');
  return option ? String(option.currentValue) : undefined;
}

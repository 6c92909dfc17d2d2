import type { z } from 'zod';
import { call, none, type CallDef } from '../contract-kit.js';
import type { INSIGHTS_CALLS } from './calls.js';
import { exportInput, layerInput, movementInput, moversInput, overdueInput, pyramidInput, settingsInput, standingInput } from './schema.js';
import type { InsightSettingsView, LayerExport, LayerPage, Movement, MoverPage, OverduePage, Pyramid, Standing } from './types.js';

export const insightsContract = {
  /** Curry's pyramid for a period: customers and revenue per layer. */
  'insights.pyramid': call<Pyramid>()(pyramidInput),
  /** A page of one layer's customers, biggest spenders first. */
  'insights.layer': call<LayerPage>()(layerInput),
  /** A layer as CSV in the exports folder; a contact export holds only those who consented to offers. */
  'insights.export': call<LayerExport>()(exportInput),
  /** Who moved between layers compared with the period of the same length before. */
  'insights.movement': call<Movement>()(movementInput),
  'insights.movers': call<MoverPage>()(moversInput),
  /** Regulars staying away (the Today screen's definition), by what they are worth. */
  'insights.overdue': call<OverduePage>()(overdueInput),
  /** A customer's layer and scores, for the profile. */
  'insights.standing': call<Standing | null>()(standingInput),
  'insights.settings': call<InsightSettingsView>()(none),
  'insights.saveSettings': call<InsightSettingsView>()(settingsInput),
} satisfies { [N in (typeof INSIGHTS_CALLS)[number]]: CallDef<z.ZodType, unknown> };

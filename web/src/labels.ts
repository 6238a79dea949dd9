import { t } from "./i18n";
import type { Delivery, DossierStatus, Level, Resolution, Tier } from "./types";
import { TIMELINE_ACTIONS, type TimelineAction } from "./types";

/** Display names for the API's enumerations; the words live in the message files. */
export const levelLabel = (level: Level) => t(`level.${level}`);
/** The Decree 43/2011 label shown beside the current one ("mức độ 4" ≈ full, "mức độ 3" ≈ partial). */
export const levelOldLabel = (level: Level) => t(`level.${level}.old`);
export const levelFull = (level: Level) => t("level.with_old", { level: levelLabel(level), old: levelOldLabel(level) });
export const deliveryLabel = (delivery: Delivery) => t(`delivery.${delivery}`);
export const statusLabel = (status: DossierStatus) => t(`status.${status}`);
export const resolutionLabel = (resolution: Resolution) => t(`resolution.${resolution}`);
export const tierLabel = (tier: Tier) => t(`tier.${tier}`);
export const actionLabel = (action: string) =>
  (TIMELINE_ACTIONS as readonly string[]).includes(action) ? t(`action.${action as TimelineAction}`) : action;

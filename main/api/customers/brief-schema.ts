import { z } from 'zod';
import type { Day } from '../../core/days.js';
import type { Unit } from '../../core/loyalty/rules.js';
import type { Fact } from '../facts/schema.js';
import type { FieldWithValue } from '../fields/schema.js';
import type { FollowUp } from '../followups/schema.js';
import type { VisitInfo } from '../loyalty/schema.js';
import type { CustomerRef } from '../memory/common.js';
import { id } from '../memory/common.js';
import type { TimelineEntry } from '../notes/schema.js';
import type { Tag } from '../tags/schema.js';
import type { Channel, CustomerLanguage } from './schema.js';

// The counter brief (the top of a profile, in one call) and referrals.

export const setReferrerInput = z.object({
  id,
  /** Who brought this customer in; null clears it. Never the customer themself. */
  referrerId: id.nullable(),
});

export interface BriefLoyalty {
  unit: Unit;
  balance: number;
  cardSize: number;
  /** Where they stand on the current card: ■■■■■■■□□□ filled/size, plus full cards. */
  card: { filled: number; size: number; fullCards: number };
  tier: { name: string; multiplierPercent: number } | null;
  nextReward: { rewardId: number; name: string; missing: number } | null;
  /** Rewards on offer today that the balance reaches. */
  affordableRewards: number;
}

export interface CounterBrief {
  customer: {
    id: number;
    displayName: string;
    givenName: string;
    /** How to address them ('' when not set). */
    salutation: string;
    language: CustomerLanguage;
    preferredChannel: Channel | null;
    marketingConsent: boolean;
    cardNumber: string;
    lastSeenAt: number;
    archived: boolean;
  };
  /** Pinned facts, in order. */
  facts: Fact[];
  tags: Tag[];
  /** Every custom field in use, with this customer's value or null. */
  fields: FieldWithValue[];
  /** The last purchase or visit (undone: true when it was undone). */
  lastVisit: VisitInfo | null;
  /** The newest timeline entry. */
  lastEntry: TimelineEntry | null;
  /** Open follow-ups by due date. */
  followUps: FollowUp[];
  /** Open complaints and open wishes, oldest first. */
  complaints: TimelineEntry[];
  wishes: TimelineEntry[];
  /** Set when the birthday is today or in the next 7 days. */
  birthday: { on: Day; inDays: number; turns: number | null } | null;
  loyalty: BriefLoyalty;
  referredBy: CustomerRef | null;
  /** How many customers they brought in. */
  referralCount: number;
}

export interface Referrals {
  referredBy: CustomerRef | null;
  /** Whom this customer brought in, oldest first; `since` is when they became a customer. */
  referred: (CustomerRef & { since: number })[];
}

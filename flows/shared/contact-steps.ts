import { consentTextVersion, recordConsent, saveProfile, type ConsentPurpose } from '../../src/services/privacy.js';
import type { Language } from '../../src/domain/vocabulary.js';
import { t } from '../../src/i18n.js';
import type { Choice } from '../engine/app.js';
import { step, type FlowStep, type StepOutcome } from '../engine/flow-dialog.js';
import type { FlowTurn } from '../engine/turn.js';
import { Answer, Command } from './payloads.js';
import { isPhrase } from './words.js';

export type DetailField = 'name' | 'phone' | 'address';

/** What the contact steps add to a flow's answers. */
export interface ContactValues {
  /** The person's decision in this flow; undefined until asked. */
  consent?: 'granted' | 'declined';
  details: { name?: string; phone?: string; address?: string };
}

export interface ContactStepsConfig<V extends ContactValues> {
  purpose: ConsentPurpose;
  /** The details this flow needs, in the order they are asked. */
  fields(values: V): DetailField[];
  /** The consent request: purpose, data, who processes it, rights (and any note of the flow). */
  consentText(turn: FlowTurn, values: V): string;
  /** Step after the details were given. */
  next: string;
  /** Step after the person declined. */
  declined: string;
}

/** The first of the contact steps. */
export const CONTACT_STEP = 'contact';

/** A Vietnamese phone number in national form (0912345678), or undefined when it cannot be one. */
function normalizePhone(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const digits = value.replace(/[\s.\-()]/g, '');
  const match = /^(?:\+?84|0)(\d{9,10})$/.exec(digits);
  return match ? `0${match[1]}` : undefined;
}

/** A person's name as typed, or undefined when it cannot be one (too short, digits, no letters). */
function normalizeName(value: string | undefined): string | undefined {
  const name = (value ?? '').replace(/\s+/g, ' ').trim();
  if (name.length < 2 || name.length > 100 || /\d/.test(name) || !/\p{L}/u.test(name)) return undefined;
  return name;
}

function normalizeAddress(value: string | undefined): string | undefined {
  const address = (value ?? '').replace(/\s+/g, ' ').trim();
  return address.length >= 5 && address.length <= 300 ? address : undefined;
}

/** The version label of the consent text shown for `purpose` in `language`. */
export function consentVersion(purpose: ConsentPurpose, language: Language): string {
  return consentTextVersion(purpose, t(language, `consent:${purpose}.version`), language);
}

function declineChoice(turn: FlowTurn): Choice {
  return { title: turn.t('consent:no_share_button'), payload: Answer.consentNo };
}

function cancelChoice(turn: FlowTurn): Choice {
  return { title: turn.t('shared:cancel_button'), payload: Command.menu };
}

/**
 * The steps that ask for contact details, shared by every flow that needs them (questions,
 * complaints, event registration): first the consent request with its purpose stated (Law
 * on Personal Data Protection No. 91/2025/QH15), recorded either way; nothing personal is
 * asked before a "yes". Then saved details can be reused, Zalo's own form is offered on Zalo
 * (the answer arrives as a submitted form), and elsewhere name, phone (and address when the
 * flow needs it) are asked as text and checked. Given details are kept on the profile.
 */
export function contactSteps<V extends ContactValues>(config: ContactStepsConfig<V>): Record<string, FlowStep<V>> {
  const missing = (values: V): DetailField | undefined => config.fields(values).find((f) => !values.details[f]);

  const moveOn = async (turn: FlowTurn, values: V): Promise<StepOutcome> => {
    const field = missing(values);
    if (field) return step.goto(`contact_${field}`);
    await saveProfile(turn.contactKey, values.details, turn.now());
    return step.goto(config.next);
  };

  const decline = async (turn: FlowTurn, values: V): Promise<StepOutcome> => {
    await recordConsent(turn.contactKey, { purpose: config.purpose, granted: false, textVersion: consentVersion(config.purpose, turn.language) }, turn.now());
    values.consent = 'declined';
    values.details = {};
    return step.goto(config.declined);
  };

  const savedDetails = (turn: FlowTurn, values: V): ContactValues['details'] | undefined => {
    const profile = turn.contact.profile;
    const saved = { name: profile?.name ?? undefined, phone: profile?.phone ?? undefined, address: profile?.address ?? undefined };
    return config.fields(values).every((f) => saved[f]) ? saved : undefined;
  };

  const firstDetailStep = (turn: FlowTurn, values: V): StepOutcome => {
    if (savedDetails(turn, values)) return step.goto('contact_saved');
    if (turn.channel === 'zalo') return step.goto('contact_form');
    return step.goto(`contact_${missing(values) ?? 'name'}`);
  };

  const textStep = (field: DetailField, normalize: (v: string) => string | undefined): FlowStep<V> => ({
    async enter(turn) {
      await turn.say({ text: turn.t(`consent:ask_${field}`), quickReplies: [declineChoice(turn), cancelChoice(turn)] });
    },
    async answer(turn, values) {
      if (turn.payload === Answer.consentNo) return decline(turn, values);
      const value = normalize(turn.text);
      if (!value) {
        await turn.say({ text: turn.t(`consent:invalid_${field}`), quickReplies: [declineChoice(turn), cancelChoice(turn)] });
        return step.stay();
      }
      values.details[field] = value;
      return moveOn(turn, values);
    },
  });

  return {
    [CONTACT_STEP]: {
      async enter(turn, values) {
        await turn.say({
          text: config.consentText(turn, values),
          quickReplies: [
            { title: turn.t('consent:yes_button'), payload: Answer.consentYes },
            { title: turn.t('consent:no_button'), payload: Answer.consentNo },
            cancelChoice(turn),
          ],
        });
      },
      async answer(turn, values) {
        if (turn.payload === Answer.consentYes || isPhrase('commands:yes', turn.text)) {
          await recordConsent(
            turn.contactKey,
            { purpose: config.purpose, granted: true, textVersion: consentVersion(config.purpose, turn.language) },
            turn.now(),
          );
          values.consent = 'granted';
          values.details = {};
          return firstDetailStep(turn, values);
        }
        if (turn.payload === Answer.consentNo || isPhrase('commands:no', turn.text)) return decline(turn, values);
        await turn.say({
          text: turn.t('consent:choose'),
          quickReplies: [
            { title: turn.t('consent:yes_button'), payload: Answer.consentYes },
            { title: turn.t('consent:no_button'), payload: Answer.consentNo },
            cancelChoice(turn),
          ],
        });
        return step.stay();
      },
    },
    contact_saved: {
      async enter(turn, values) {
        const saved = savedDetails(turn, values)!;
        const shown = config
          .fields(values)
          .map((f) => saved[f])
          .join(', ');
        await turn.say({
          text: turn.t('consent:use_saved', { details: shown }),
          quickReplies: [
            { title: turn.t('consent:use_saved_button'), payload: Answer.useSaved },
            { title: turn.t('consent:other_details_button'), payload: Answer.typeDetails },
            declineChoice(turn),
          ],
        });
      },
      async answer(turn, values) {
        if (turn.payload === Answer.useSaved || isPhrase('commands:yes', turn.text)) {
          values.details = { ...savedDetails(turn, values) };
          return step.goto(config.next);
        }
        if (turn.payload === Answer.consentNo) return decline(turn, values);
        if (turn.payload === Answer.typeDetails) return step.goto(turn.channel === 'zalo' ? 'contact_form' : `contact_${missing(values) ?? 'name'}`);
        return step.repeat();
      },
    },
    contact_form: {
      async enter(turn) {
        await turn.say({
          text: turn.t('consent:form_hint'),
          quickReplies: [{ title: turn.t('consent:type_button'), payload: Answer.typeDetails }, declineChoice(turn), cancelChoice(turn)],
          requestUserInfo: { title: turn.t('consent:form_title'), subtitle: turn.t('consent:form_subtitle') },
        });
      },
      async answer(turn, values) {
        const info = turn.submittedInfo;
        if (info) {
          const name = normalizeName(info.name);
          const phone = normalizePhone(info.phone);
          const address = normalizeAddress([info.address, info.city].filter(Boolean).join(', '));
          if (name) values.details.name = name;
          if (phone) values.details.phone = phone;
          if (address && config.fields(values).includes('address')) values.details.address = address;
          if (info.phone && !phone) await turn.say(turn.t('consent:invalid_phone'));
          return moveOn(turn, values);
        }
        if (turn.payload === Answer.consentNo) return decline(turn, values);
        if (turn.payload === Answer.typeDetails) return step.goto(`contact_${missing(values) ?? 'name'}`);
        // A typed line here is most likely the name itself.
        const name = normalizeName(turn.text);
        if (name) {
          values.details.name = name;
          return moveOn(turn, values);
        }
        return step.repeat();
      },
    },
    contact_name: textStep('name', normalizeName),
    contact_phone: textStep('phone', normalizePhone),
    contact_address: textStep('address', normalizeAddress),
  };
}

// What the Screen page's form asks: a name screened against the lists, or a crypto address
// checked exactly. Screening runs as the analyst types: 250 ms after the last change, cancelling the
// request before it (AbortController), or at once on Enter.
import { useCallback, useEffect, useRef, useState } from 'react';
import { checkAddress, isAbort, messageOf, screen } from './api';
import { useSignedIn } from './session';
import type { AddressResponse, QuerySchema, ScreenRequest, ScreenResponse } from './types';

export interface ScreenForm {
  text: string;
  schema: QuerySchema;
  birthDate: string;
  country: string;
}

export const EMPTY_FORM: ScreenForm = { text: '', schema: 'Thing', birthDate: '', country: '' };

export const RESULT_LIMIT = 10;
const DEBOUNCE_MS = 250;

/** EVM, Bitcoin (bech32 and base58) and Tron addresses. */
const CRYPTO_ADDRESS = /^(0x[0-9a-fA-F]{40}|(bc1|tb1)[0-9a-z]{8,87}|[13][1-9A-HJ-NP-Za-km-z]{25,34}|T[1-9A-HJ-NP-Za-km-z]{33})$/;

export function looksLikeCryptoAddress(text: string): boolean {
  return CRYPTO_ADDRESS.test(text);
}

/** The /v1/screen body for the form (an email is sent as a name: the server matches it through properties). */
export function screenRequest(form: ScreenForm): ScreenRequest {
  const birthDate = form.birthDate.trim();
  const country = form.country.trim();
  return {
    query: {
      schema: form.schema,
      properties: {
        name: [form.text.trim()],
        ...(birthDate !== '' ? { birthDate: [birthDate] } : {}),
        ...(country !== '' ? { country: [country] } : {}),
      },
    },
    limit: RESULT_LIMIT,
  };
}

export type Answer =
  | { kind: 'names'; response: ScreenResponse }
  | { kind: 'address'; response: AddressResponse }
  | { kind: 'failed'; message: string };

export interface Screening {
  /** A request is on its way (the answer shown, if any, is the previous one). */
  busy: boolean;
  answer: Answer | null;
}

/** Screens the form as it changes; `screenNow` skips the wait (the form was submitted). */
export function useLiveScreening(form: ScreenForm): { screening: Screening; screenNow: () => void } {
  const { authorised } = useSignedIn();
  const [screening, setScreening] = useState<Screening>({ busy: false, answer: null });
  const inFlight = useRef<AbortController | null>(null);
  const timer = useRef<number | undefined>(undefined);

  const run = useCallback(
    async (asked: ScreenForm) => {
      inFlight.current?.abort();
      const controller = new AbortController();
      inFlight.current = controller;
      setScreening((previous) => ({ ...previous, busy: true }));
      let answer: Answer;
      try {
        const text = asked.text.trim();
        answer = looksLikeCryptoAddress(text)
          ? { kind: 'address', response: await authorised(() => checkAddress(text, controller.signal)) }
          : { kind: 'names', response: await authorised((csrfToken) => screen(screenRequest(asked), csrfToken, controller.signal)) };
      } catch (error) {
        if (isAbort(error)) return;
        answer = { kind: 'failed', message: messageOf(error) };
      }
      if (!controller.signal.aborted) setScreening({ busy: false, answer });
    },
    [authorised],
  );

  useEffect(() => {
    window.clearTimeout(timer.current);
    if (form.text.trim() === '') {
      inFlight.current?.abort();
      setScreening({ busy: false, answer: null });
      return;
    }
    timer.current = window.setTimeout(() => void run(form), DEBOUNCE_MS);
    return () => window.clearTimeout(timer.current);
  }, [form, run]);

  useEffect(() => () => inFlight.current?.abort(), []);

  const screenNow = useCallback(() => {
    window.clearTimeout(timer.current);
    if (form.text.trim() !== '') void run(form);
  }, [form, run]);

  return { screening, screenNow };
}

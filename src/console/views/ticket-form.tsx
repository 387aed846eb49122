import type { Detail } from '../types.js';

/** Sends a command; says how it went in the form (error) or above the ticket (done). */
export type Command = (body: Record<string, unknown>, done: string, fail: (text: string) => void) => Promise<void>;

export interface Props {
  readonly ticket: Detail;
  readonly command: Command;
  readonly busy: boolean;
}

/** A form's refusal, next to it. */
export function FormError({ id, text }: { id: string; text: string }) {
  return (
    <p class="form-error" id={id} role="alert" data-kind="error" hidden={!text}>
      {text}
    </p>
  );
}

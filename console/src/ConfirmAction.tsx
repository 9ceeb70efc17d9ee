/**
 * A destructive action in a table row, asked twice: the first button (its target named for screen
 * readers) turns into "confirm" and "cancel". The page holds which row is asking, so only one is.
 */
export function ConfirmAction(props: {
  /** The first button's verb ("Revoke"). */
  action: string;
  /** The confirming button's words before the target ("Confirm revoke"). */
  confirm: string;
  /** What the action applies to, as the user knows it (a key's name, a member's email). */
  target: string;
  asking: boolean;
  onAsk: () => void;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  if (!props.asking)
    return (
      <button type="button" class="secondary" onClick={props.onAsk}>
        {props.action} <span class="sr-only">{props.target}</span>
      </button>
    );
  return (
    <span class="row">
      <button type="button" class="danger" onClick={props.onConfirm}>
        {props.confirm} {props.target}
      </button>
      <button type="button" class="secondary" onClick={props.onCancel}>
        Cancel
      </button>
    </span>
  );
}

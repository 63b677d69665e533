import type { Location } from '../../../electron/contract';
import { locationBadge } from './wording';

/** The location badge of one message; colour is never the only signal, the words are always there. */
export function LocationBadge({ location, compact = false }: { location: Location; compact?: boolean }) {
  return (
    <span className={`badge badge-${location.replace('+', '-')}${compact ? ' badge-compact' : ''}`} data-location={location}>
      {locationBadge(location)}
    </span>
  );
}

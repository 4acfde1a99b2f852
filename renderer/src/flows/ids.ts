/** Client ids (UUID version 7, as the contract recommends) made in the page. */
import { uuidv7 } from '../../../common/ids/uuid-v7';

export function newClientId(): string {
  return uuidv7((length) => crypto.getRandomValues(new Uint8Array(length)));
}

/** GA 467 "SAM_V" second-generation identity-card reader: protocol, driver, poller and simulator. */
export {
  DEFAULT_MAX_FRAME_LENGTH,
  FrameDecoder,
  HEADER_LENGTH,
  PREAMBLE,
  SAM_COMMANDS,
  encodeCommand,
  encodeFrame,
  encodeResponse,
  fromHex,
  parseCommandPayload,
  parseResponsePayload,
  toHex,
  xorChecksum,
} from './frame';
export type { DecodedFrame, SamCommandName, SamResponse } from './frame';
export {
  SAM_ERROR_CODES,
  SW3_ERRORS,
  SW3_FIND_OK,
  SW3_NO_CONTENT,
  SW3_OK,
  SW3_SUCCESS,
  SamError,
  describeSw3,
  isSamError,
  samErrorFromSw3,
} from './status-codes';
export type { SamErrorCode, Sw3Info } from './status-codes';
export { NATIONS, UNKNOWN_NATION, nationName } from './nations';
export { TEXT_BLOCK_LENGTH, cardTypeLetter, decodeTextBlock, encodeTextBlock } from './text-block';
export type { CardText } from './text-block';
export { SAM_ID_LENGTH, encodeSamId, formatSamId } from './sam-id';
export { DEFAULT_COMMAND_TIMEOUTS, READ_ATTEMPTS, SamReader, isRetryableReadError, waitForCard } from './reader';
export type { CardRead, SamReaderOptions, SamTimeoutKind, WaitForCardOptions } from './reader';
export { CardPoller } from './poller';
export type { CardPollerOptions } from './poller';
export { DEFAULT_SIMULATED_SAM_ID, SamSimulator } from './simulator';
export type { SamSimulatorFault, SamSimulatorOptions, SimulatedCard } from './simulator';
export { DEMO_CARDS } from './demo-cards';
export { fillerBytes } from './filler';

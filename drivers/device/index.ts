export { ManagedDevice, DeviceUnavailableError, staticStatus } from './managed-device';
export type { DeviceContext, DeviceHealth, DriverSession, ManagedDeviceOptions } from './managed-device';

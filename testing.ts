/**
 * The embedded AuthRocket 1 emulator (filled by the emulator work).
 * @module
 */
export {};

/**
 * The most a wasm32 heap can grow to: 65,535 pages of 64 KiB, the maximum tfjs-backend-wasm's
 * Emscripten build allows (its getHeapMax). Every tensor, and every buffer XNNPACK packs, lives
 * in it.
 */
export const WASM32_HEAP_MAX_BYTES = 65535 * 65536;

/** Byte counts a wasm32 `size_t` can hold; a larger count wraps when passed to malloc. */
export const WASM32_ADDRESS_SPACE_BYTES = 2 ** 32;

/** How many windows of `windowWidth` every `stride` pixels fit in `width` (at least 0). */
export function windowCount(width: number, windowWidth: number, stride: number): number {
  return width < windowWidth ? 0 : Math.floor((width - windowWidth) / stride) + 1;
}

/** A flag of the CLI and the studio's form (same names), as the lab's argparse arguments. */
export interface FlagSpec {
  name: string;
  type: 'int' | 'float' | 'string' | 'boolean';
  default?: number | string | boolean;
  help: string;
  min?: number;
  max?: number;
  choices?: readonly string[];
}

/** Flags a model or data class adds, as in the lab's `add_to_argparse`. */
export type ClassFlag = FlagSpec & { default: number | string | boolean };

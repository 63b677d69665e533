// Minimal typings for the parts of mailparser's own helpers we call directly (no @types exist).
declare module 'libmime' {
  const libmime: {
    decodeWords(value: string): string;
    parseHeaderValue(value: string): { value: string; params: Record<string, string> };
  };
  export default libmime;
}

declare module 'nodemailer/lib/addressparser' {
  interface ParsedAddress {
    name: string;
    address?: string;
    group?: ParsedAddress[];
  }
  const addressparser: (value: string, options?: { flatten?: boolean }) => ParsedAddress[];
  export default addressparser;
}

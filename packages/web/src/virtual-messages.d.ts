/** Per-language catalogues generated at build time (vite.config.ts, messages.split.ts). */
declare module 'virtual:epilink-messages/*' {
  import type { MessageTree } from '@epilink/core';
  const messages: Record<string, MessageTree>;
  export default messages;
}

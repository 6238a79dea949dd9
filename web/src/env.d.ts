/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The API's origin (deployed: SST StaticSite sets it). Empty: the same origin as the page (`/v1`). */
  readonly VITE_API_URL?: string;
}

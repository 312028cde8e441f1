/** The backends' addresses and unique names live in the kit's test entry; re-exported for the root suites. */
export { testBackends, uniqueName } from '@prost/platform/testing'

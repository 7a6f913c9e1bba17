/**
 * The catalogue namespaces the light citizen entry (citizen.html) carries in its entry chunk:
 * those of the pages and components it imports statically (the check-in page, the verifier, the
 * layouts, API errors). Every other namespace comes with the whole catalogue, loaded before any
 * other citizen page renders (citizenRoutes.tsx). citizenCatalogue.test.ts checks the list
 * against the keys the entry's modules name.
 */
export const CITIZEN_NAMESPACES: readonly string[] = [
  'web',
  'errors',
  'fields',
  'checkin',
  'vaccination',
  'healthbook',
  'security',
];

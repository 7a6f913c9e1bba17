import type { AnyRoute } from '../../http/route.ts';
import { checkinPublicRoutes } from './public.ts';
import { checkinOfficialRoutes } from './tracing.ts';
import { venueRoutes } from './venues.ts';

/** Every check-in route (the route table includes them). */
export const checkinRoutes: AnyRoute[] = [...checkinPublicRoutes, ...venueRoutes, ...checkinOfficialRoutes];

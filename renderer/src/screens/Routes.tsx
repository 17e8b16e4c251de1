/** The screen for each route; a record page remounts when its id changes. */
import { useRoute } from '../router/router.ts';
import { AdminScreen } from './admin/AdminScreen.tsx';
import { ContactDetailScreen } from './contacts/ContactDetailScreen.tsx';
import { ContactsScreen } from './contacts/ContactsScreen.tsx';
import { ImportExportScreen } from './csv/ImportExportScreen.tsx';
import { DashboardScreen } from './dashboard/DashboardScreen.tsx';
import { FollowUpsScreen } from './followups/FollowUpsScreen.tsx';
import { InteractionDetailScreen } from './interactions/InteractionDetailScreen.tsx';
import { MergeScreen } from './merge/MergeScreen.tsx';
import { NotFoundScreen } from './NotFoundScreen.tsx';
import { OpportunitiesScreen } from './opportunities/OpportunitiesScreen.tsx';
import { OpportunityDetailScreen } from './opportunities/OpportunityDetailScreen.tsx';
import { OrganizationDetailScreen } from './organizations/OrganizationDetailScreen.tsx';
import { OrganizationsScreen } from './organizations/OrganizationsScreen.tsx';
import { ProductDetailScreen } from './products/ProductDetailScreen.tsx';
import { ProductsScreen } from './products/ProductsScreen.tsx';
import { SyncScreen } from './sync/SyncScreen.tsx';
import { TrashScreen } from './trash/TrashScreen.tsx';

export function Routes() {
  const { segments } = useRoute();
  const [section = '', id, extra, extra2] = segments;
  switch (section) {
    case '':
      return <DashboardScreen />;
    case 'organizations':
      return id ? <OrganizationDetailScreen key={id} id={id} /> : <OrganizationsScreen />;
    case 'contacts':
      return id ? <ContactDetailScreen key={id} id={id} /> : <ContactsScreen />;
    case 'products':
      return id ? <ProductDetailScreen key={id} id={id} /> : <ProductsScreen />;
    case 'opportunities':
      return id ? <OpportunityDetailScreen key={id} id={id} /> : <OpportunitiesScreen />;
    case 'interactions':
      return id ? <InteractionDetailScreen key={id} id={id} /> : <FollowUpsScreen />;
    case 'follow-ups':
      return <FollowUpsScreen />;
    case 'trash':
      return <TrashScreen />;
    case 'sync':
      return <SyncScreen />;
    case 'admin':
      return <AdminScreen />;
    case 'import':
      return <ImportExportScreen />;
    case 'merge':
      if ((id === 'organizations' || id === 'contacts') && extra && extra2)
        return <MergeScreen key={`${extra}:${extra2}`} table={id} a={extra} b={extra2} />;
      return <NotFoundScreen />;
    default:
      return <NotFoundScreen />;
  }
}

/** /org: the units of the user's jurisdiction and the people in them, and when grid workers' phones last synced. */
import { GridWorkerSyncs } from '../components/GridWorkerSyncs';
import { OrgBrowser } from '../components/settings/OrgBrowser';

export default function OrgPage() {
  return (
    <>
      <h1 className="page-title">单位与人员</h1>
      <OrgBrowser />
      <GridWorkerSyncs />
    </>
  );
}

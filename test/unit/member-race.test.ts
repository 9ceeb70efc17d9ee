import { describe, expect, it } from 'vitest';
import { AccountService } from '../../src/platform/accounts.js';
import { sharedTestDb } from '../helpers/app.js';

// PUT /organizations/{id}/members read the member back after writing it; a DELETE of the same
// member landing in between left nothing to read and the PUT answered 500 (2 of 12 when fired
// together at `npm start`). The answer is now the row as written.
describe('a member changed while another request removes them', () => {
  it('answers the change as written, not a missing row', async () => {
    const db = await sharedTestDb();
    let accounts: AccountService;
    let removeOnChange = false;
    accounts = new AccountService(db, async (organizationId, userId) => {
      // The concurrent DELETE, run at the one point between the write and any read back.
      if (removeOnChange) await accounts.removeMember(organizationId, 'superuser', userId);
    });
    const owner = await accounts.createUser({
      email: 'race-owner@example.com',
      password: 'a long password 1',
    });
    const member = await accounts.createUser({
      email: 'race-member@example.com',
      password: 'a long password 2',
    });
    const org = await accounts.createOrganization('Race Org', owner.id);
    removeOnChange = true;
    const { after } = await accounts.setMember(org.id, 'owner', {
      email: 'race-member@example.com',
      role: 'admin',
    });
    expect(after).toMatchObject({ user_id: member.id, email: 'race-member@example.com', role: 'admin' });
    expect(Date.parse(after.joined_at)).not.toBeNaN();
  });
});

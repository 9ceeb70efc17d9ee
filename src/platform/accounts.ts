import { and, asc, count, eq } from 'drizzle-orm';
import { AppError } from '../errors.js';
import { isUniqueViolation } from '../storage/db/errors.js';
import {
  type OrgRole,
  organizationMembers,
  organizations,
  subscriptions,
  users,
} from '../storage/db/schema/platform.js';
import type { Database } from '../storage/db/types.js';
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from './passwords.js';
import { ROLE_RANK } from './principal.js';

export interface UserView {
  id: string;
  email: string;
  name: string | null;
  is_superuser: boolean;
  created_at: string;
}

export interface OrganizationView {
  id: string;
  name: string;
  slug: string;
  role?: OrgRole;
  created_at: string;
}

export interface MemberView {
  user_id: string;
  email: string;
  name: string | null;
  role: OrgRole;
  joined_at: string;
}

const userView = (u: typeof users.$inferSelect): UserView => ({
  id: u.id,
  email: u.email,
  name: u.name,
  is_superuser: u.isSuperuser,
  created_at: u.createdAt.toISOString(),
});

const memberView = (
  u: typeof users.$inferSelect,
  m: typeof organizationMembers.$inferSelect,
): MemberView => ({
  user_id: u.id,
  email: u.email,
  name: u.name,
  role: m.role,
  joined_at: m.createdAt.toISOString(),
});

const orgView = (o: typeof organizations.$inferSelect, role?: OrgRole): OrganizationView => ({
  id: o.id,
  name: o.name,
  slug: o.slug,
  ...(role ? { role } : {}),
  created_at: o.createdAt.toISOString(),
});

const slugify = (name: string) =>
  `${
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'org'
  }-${Math.random().toString(36).slice(2, 8)}`;

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** Users, organizations and memberships. */
export class AccountService {
  constructor(
    private readonly db: Database,
    /** Called after a membership changes, so cached roles are dropped on every replica. */
    private readonly onMemberChange: (
      organizationId: string,
      userId: string,
    ) => Promise<void> = async () => {},
  ) {}

  async userCount(): Promise<number> {
    const [row] = await this.db.orm.select({ n: count() }).from(users);
    return Number(row?.n ?? 0);
  }

  async createUser(input: {
    email: string;
    password: string;
    name?: string | null;
    isSuperuser?: boolean;
  }): Promise<UserView> {
    const email = normalizeEmail(input.email);
    const taken = () => new AppError('CONFLICT', 'a user with this email already exists');
    const [existing] = await this.db.orm.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (existing) throw taken();
    const passwordHash = await hashPassword(input.password);
    // Two registrations of one email both pass the read above while their passwords hash.
    const [row] = await this.db.orm
      .insert(users)
      .values({ email, name: input.name ?? null, passwordHash, isSuperuser: input.isSuperuser ?? false })
      .returning()
      .catch((err: unknown) => {
        throw isUniqueViolation(err) ? taken() : err;
      });
    return userView(row!);
  }

  async createOrganization(name: string, ownerId: string, tier = 'free'): Promise<OrganizationView> {
    return this.db.orm.transaction(async (tx) => {
      const [org] = await tx
        .insert(organizations)
        .values({ name, slug: slugify(name) })
        .returning();
      await tx
        .insert(organizationMembers)
        .values({ organizationId: org!.id, userId: ownerId, role: 'owner' });
      await tx.insert(subscriptions).values({ organizationId: org!.id, tier, status: 'active' });
      return orgView(org!, 'owner');
    });
  }

  /**
   * Checks a password; unknown emails cost the same time and get the same answer. Attempts are
   * counted and locked out per (account, source) by LoginThrottle before this is called.
   */
  async authenticate(emailInput: string, password: string): Promise<UserView> {
    const email = normalizeEmail(emailInput);
    const [user] = await this.db.orm.select().from(users).where(eq(users.email, email));
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
    if (!user || !ok || !user.isActive) throw new AppError('INVALID_CREDENTIALS', 'wrong email or password');
    return userView(user);
  }

  async getUser(id: string): Promise<UserView | null> {
    const [row] = await this.db.orm.select().from(users).where(eq(users.id, id));
    return row ? userView(row) : null;
  }

  async updateUser(
    id: string,
    input: { name?: string | null; password?: string; currentPassword?: string },
  ): Promise<{ before: UserView; after: UserView }> {
    const [row] = await this.db.orm.select().from(users).where(eq(users.id, id));
    if (!row) throw new AppError('NOT_FOUND', 'user not found');
    const changes: Partial<typeof users.$inferInsert> = { updatedAt: new Date() };
    if (input.name !== undefined) changes.name = input.name;
    if (input.password !== undefined) {
      if (!input.currentPassword || !(await verifyPassword(input.currentPassword, row.passwordHash))) {
        throw new AppError('INVALID_CREDENTIALS', 'current_password is wrong');
      }
      changes.passwordHash = await hashPassword(input.password);
    }
    const [after] = await this.db.orm.update(users).set(changes).where(eq(users.id, id)).returning();
    return { before: userView(row), after: userView(after!) };
  }

  /** The user's organizations with their role, oldest membership first. */
  async organizationsOf(userId: string): Promise<OrganizationView[]> {
    const rows = await this.db.orm
      .select({ org: organizations, role: organizationMembers.role })
      .from(organizationMembers)
      .innerJoin(organizations, eq(organizations.id, organizationMembers.organizationId))
      .where(eq(organizationMembers.userId, userId))
      .orderBy(asc(organizationMembers.createdAt));
    return rows.map((r) => orgView(r.org, r.role));
  }

  async roleIn(organizationId: string, userId: string): Promise<OrgRole | null> {
    const [row] = await this.db.orm
      .select({ role: organizationMembers.role })
      .from(organizationMembers)
      .where(
        and(eq(organizationMembers.organizationId, organizationId), eq(organizationMembers.userId, userId)),
      );
    return row?.role ?? null;
  }

  async getOrganization(id: string): Promise<OrganizationView | null> {
    const [row] = await this.db.orm.select().from(organizations).where(eq(organizations.id, id));
    return row ? orgView(row) : null;
  }

  async renameOrganization(
    id: string,
    name: string,
  ): Promise<{ before: OrganizationView; after: OrganizationView }> {
    const before = await this.getOrganization(id);
    if (!before) throw new AppError('NOT_FOUND', 'organization not found');
    const [after] = await this.db.orm
      .update(organizations)
      .set({ name, updatedAt: new Date() })
      .where(eq(organizations.id, id))
      .returning();
    return { before, after: orgView(after!) };
  }

  async members(organizationId: string): Promise<MemberView[]> {
    const rows = await this.db.orm
      .select({ m: organizationMembers, u: users })
      .from(organizationMembers)
      .innerJoin(users, eq(users.id, organizationMembers.userId))
      .where(eq(organizationMembers.organizationId, organizationId))
      .orderBy(asc(organizationMembers.createdAt));
    return rows.map((r) => memberView(r.u, r.m));
  }

  /**
   * Adds or changes a member. Only an owner may grant or take away ownership, and an organization
   * always keeps at least one owner.
   */
  async setMember(
    organizationId: string,
    actorRole: OrgRole | 'superuser',
    input: { email: string; role: OrgRole },
  ): Promise<{ before: MemberView | null; after: MemberView }> {
    const [user] = await this.db.orm
      .select()
      .from(users)
      .where(eq(users.email, normalizeEmail(input.email)));
    if (!user) throw new AppError('NOT_FOUND', 'no user with this email');
    const before = (await this.members(organizationId)).find((m) => m.user_id === user.id) ?? null;
    const touchesOwner = input.role === 'owner' || before?.role === 'owner';
    if (touchesOwner && actorRole !== 'owner' && actorRole !== 'superuser') {
      throw new AppError('FORBIDDEN', 'only an owner can grant or change the owner role');
    }
    if (actorRole !== 'superuser' && actorRole !== 'owner' && ROLE_RANK[input.role] > ROLE_RANK[actorRole]) {
      throw new AppError('FORBIDDEN', 'you cannot grant a role above your own');
    }
    if (before?.role === 'owner' && input.role !== 'owner')
      await this.assertAnotherOwner(organizationId, user.id);
    const [row] = await this.db.orm
      .insert(organizationMembers)
      .values({ organizationId, userId: user.id, role: input.role })
      .onConflictDoUpdate({
        target: [organizationMembers.organizationId, organizationMembers.userId],
        set: { role: input.role },
      })
      .returning();
    await this.onMemberChange(organizationId, user.id);
    // The row as written, not read again: a concurrent removal may already have deleted it.
    return { before, after: memberView(user, row!) };
  }

  async removeMember(
    organizationId: string,
    actorRole: OrgRole | 'superuser',
    userId: string,
  ): Promise<MemberView | null> {
    const before = (await this.members(organizationId)).find((m) => m.user_id === userId) ?? null;
    if (!before) return null;
    if (before.role === 'owner') {
      if (actorRole !== 'owner' && actorRole !== 'superuser') {
        throw new AppError('FORBIDDEN', 'only an owner can remove an owner');
      }
      await this.assertAnotherOwner(organizationId, userId);
    }
    await this.db.orm
      .delete(organizationMembers)
      .where(
        and(eq(organizationMembers.organizationId, organizationId), eq(organizationMembers.userId, userId)),
      );
    await this.onMemberChange(organizationId, userId);
    return before;
  }

  private async assertAnotherOwner(organizationId: string, userId: string): Promise<void> {
    const owners = (await this.members(organizationId)).filter(
      (m) => m.role === 'owner' && m.user_id !== userId,
    );
    if (owners.length === 0) throw new AppError('CONFLICT', 'an organization must keep at least one owner');
  }
}

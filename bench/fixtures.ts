// The API data the benchmarks feed the client: one user as AuthRocket 1 returns it.

/** The i-th user of a page, with every field a user read carries. */
export function user(i: number) {
  return {
    id: `usr_${String(i).padStart(22, "0")}`,
    object: "user",
    realm_id: "rl_0v1zUpWdE4IiFc2w5ynShf",
    user_type: "human",
    state: "active",
    username: `user${i}`,
    email: `user${i}@example.com`,
    email_verification: "none",
    first_name: "First",
    last_name: `Last${i}`,
    name: `First Last${i}`,
    reference: null,
    custom: { plan: "pro", seats: 3 },
    created_at: 1396582483.874 + i,
    last_login_at: 1700000000 + i,
  };
}

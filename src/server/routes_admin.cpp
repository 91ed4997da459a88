// API keys (admin), the outbox feed and store statistics.
#include "common/crypto.h"
#include "common/json_reader.h"
#include "domain/money.h"
#include "server/api.h"

namespace oiis::server {
namespace {

// {"name", "role": "read|write|admin"} -> 201 with the secret, shown only this once.
Status create_key(Ctx& c) {
  auto body = body_json(c);
  if (!body) return body.status();
  std::string name, role_name;
  JsonObjectReader r(*body);
  r.text("name", name, true).text("role", role_name, true);
  OIIS_RETURN_IF_ERROR(r.finish());
  if (name.empty() || name.size() > 200)
    return invalid_argument("name must be 1..200 characters", "name");
  auto role = parse_role(role_name);
  if (!role) return invalid_argument("role must be read, write or admin", "role");
  const std::string secret = "oiis_" + random_hex(24);
  ApiKey key;
  key.name = name;
  key.role = *role;
  key.key_hash = sha256_hex(secret);
  key.created_at = now_utc();
  auto created = c.store.create_api_key(key);
  if (!created) return created.status();
  return reply(c,
               {{"id", created->id},
                {"name", created->name},
                {"role", to_string(created->role)},
                {"key", secret},
                {"created_at", format_timestamp(created->created_at)}},
               201);
}

// What an admin may see of a key: never the secret (not stored) nor its hash.
Json key_view(const ApiKey& k) {
  return {{"id", k.id},
          {"name", k.name},
          {"role", to_string(k.role)},
          {"created_at", format_timestamp(k.created_at)},
          {"revoked", k.revoked}};
}

Status list_keys(Ctx& c) {
  auto keys = c.store.list_api_keys();
  if (!keys) return keys.status();
  Json items = Json::array();
  for (const auto& k : *keys) items.push_back(key_view(k));
  return reply(c, {{"items", std::move(items)}});
}

// Takes effect at once in this server (its key cache forgets the key); other servers on the
// same PostgreSQL forget it when the store's change notice reaches them (well under a second,
// docs/scale-out.md), or at worst within their key cache's time-to-live.
Status revoke_key(Ctx& c) {
  auto id = path_id(c, 0);
  if (!id) return id.status();
  auto revoked = c.store.revoke_api_key(*id);
  if (!revoked) return revoked.status();
  c.api.keys().forget(revoked->key_hash);
  return reply(c, key_view(*revoked));
}

Status read_outbox(Ctx& c) {
  std::optional<std::int64_t> after, limit;
  OIIS_RETURN_IF_ERROR(query_int(c, "after", after));
  OIIS_RETURN_IF_ERROR(query_int(c, "limit", limit));
  if (after && *after < 0) return invalid_argument("after must not be negative", "after");
  if (limit && (*limit < 1 || *limit > 1000))
    return invalid_argument("limit must be between 1 and 1000", "limit");
  const Id after_id = after.value_or(0);
  auto events = c.store.read_outbox(after_id, static_cast<int>(limit.value_or(100)));
  if (!events) return events.status();
  Json items = Json::array();
  for (const auto& e : *events) items.push_back(to_json(e));
  const Id next = events->empty() ? after_id : events->back().id;
  return reply(c, {{"items", std::move(items)}, {"next_after", next}});
}

Status stats(Ctx& c) {
  auto s = c.store.stats();
  if (!s) return s.status();
  auto time_or_null = [](const std::optional<Timestamp>& t) {
    return t ? Json(format_timestamp(*t)) : Json(nullptr);
  };
  return reply(c, {{"backend", s->backend},
                   {"products", s->products},
                   {"suppliers", s->suppliers},
                   {"customers", s->customers},
                   {"locations", s->locations},
                   {"orders", s->orders},
                   {"order_lines", s->order_lines},
                   {"stock_levels", s->stock_levels},
                   {"stock_movements", s->stock_movements},
                   {"price_changes", s->price_changes},
                   {"purchase_orders", s->purchase_orders},
                   {"outbox_events", s->outbox_events},
                   {"revenue", round_money(s->revenue)},
                   {"first_order_at", time_or_null(s->first_order_at)},
                   {"last_order_at", time_or_null(s->last_order_at)}});
}

// ?key_id=&method=&since=&path_prefix=&limit= -> newest first, from the in-memory ring.
Status read_audit(Ctx& c) {
  AuditQuery q;
  std::optional<std::int64_t> key_id, limit;
  std::optional<std::string> method, prefix;
  std::optional<Timestamp> since;
  OIIS_RETURN_IF_ERROR(query_int(c, "key_id", key_id));
  OIIS_RETURN_IF_ERROR(query_text(c, "method", method));
  OIIS_RETURN_IF_ERROR(query_time(c, "since", since));
  OIIS_RETURN_IF_ERROR(query_text(c, "path_prefix", prefix));
  OIIS_RETURN_IF_ERROR(query_int(c, "limit", limit));
  if (limit && (*limit < 1 || *limit > 1000))
    return invalid_argument("limit must be between 1 and 1000", "limit");
  q.key_id = key_id;
  q.method = method;
  q.since = since;
  q.path_prefix = prefix.value_or("");
  q.limit = static_cast<std::size_t>(limit.value_or(100));
  Json items = Json::array();
  for (const auto& e : c.api.audit().query(q)) items.push_back(Json::parse(audit_entry_json(e)));
  return reply(c, {{"items", std::move(items)}});
}

// Who the caller is: the dashboard checks a key at login and hides what its role may not do.
Status whoami(Ctx& c) {
  return reply(c, {{"key_id", c.key_id}, {"name", c.key_name}, {"role", to_string(c.role)}});
}

}  // namespace

void add_admin_routes(RouteTable& t) {
  t.push_back({"GET", "/api/v1/me", Role::kRead, "admin",
               "The calling API key: its id (0 for the static admin key), name and role", "", "",
               200, {}, whoami});
  t.push_back({"POST", "/api/v1/api-keys", Role::kAdmin, "admin",
               "Create an API key with a role; the secret is returned only in this response",
               "ApiKeyCreate", "ApiKeyCreated", 201, {}, create_key});
  t.push_back({"GET", "/api/v1/admin/keys", Role::kAdmin, "admin",
               "List API keys (revoked ones too); secrets and their hashes are never shown", "",
               "ApiKeyList", 200, {}, list_keys});
  t.push_back({"DELETE", "/api/v1/admin/keys/{id}", Role::kAdmin, "admin",
               "Revoke an API key: it is refused (401) from the next request on", "", "ApiKey",
               200, {}, revoke_key});
  t.push_back({"GET", "/api/v1/outbox", Role::kRead, "admin",
               "Read outbox events with id > after, oldest first", "", "OutboxPage", 200,
               {{"after", "integer", "Return events with a larger id (default 0)"},
                {"limit", "integer", "At most this many events, 1..1000 (default 100)"}},
               read_outbox});
  t.push_back({"GET", "/api/v1/stats", Role::kRead, "admin", "Row counts and revenue", "",
               "Stats", 200, {}, stats});
  t.push_back({"GET", "/api/v1/admin/audit", Role::kAdmin, "admin",
               "The audit log of writes (who, what, when), newest first", "", "", 200,
               {{"key_id", "integer", "Only writes made with this API key (0: static admin)"},
                {"method", "string", "Only this method (POST, PUT, PATCH, DELETE)"},
                {"since", "date-time", "Only writes at or after this time"},
                {"path_prefix", "string", "Only paths starting with this"},
                {"limit", "integer", "At most this many entries, 1..1000 (default 100)"}},
               read_audit});
}

}  // namespace oiis::server

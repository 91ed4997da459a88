#include "kb/kb_store.h"

#include <cstring>
#include <filesystem>

#include "store/sqlite/sqlite_connection.h"

namespace oiis::kb {
namespace {

// Binary values (vectors, the model) sit in TEXT columns byte for byte: the database is UTF-8,
// so SQLite stores and returns them unconverted.
constexpr const char* kSchema = R"sql(
PRAGMA journal_mode = WAL;
PRAGMA busy_timeout = 5000;
CREATE TABLE IF NOT EXISTS documents (
  name TEXT PRIMARY KEY, title TEXT NOT NULL, type TEXT NOT NULL, content_hash TEXT NOT NULL,
  chunks INTEGER NOT NULL, bytes INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS chunks (
  id INTEGER PRIMARY KEY, doc TEXT NOT NULL, title TEXT NOT NULL, section TEXT NOT NULL,
  page INTEGER NOT NULL, begin_offset INTEGER NOT NULL, end_offset INTEGER NOT NULL,
  text TEXT NOT NULL, hash TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc);
CREATE TABLE IF NOT EXISTS embeddings (
  hash TEXT NOT NULL, model TEXT NOT NULL, vec TEXT NOT NULL, PRIMARY KEY (hash, model));
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
)sql";

}  // namespace

KbStore::KbStore(const std::string& dir) : hnsw_path_(dir + "/hnsw.bin") {
  std::filesystem::create_directories(dir);
  db_ = std::make_unique<sqlite::Connection>(dir + "/kb.sqlite",
                                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX);
  db_->exec(kSchema);
}

KbStore::~KbStore() = default;

std::vector<DocumentInfo> KbStore::documents() {
  std::vector<DocumentInfo> out;
  auto s = db_->prepare("SELECT name, title, type, content_hash, chunks, bytes FROM documents ORDER BY name");
  while (s->step())
    out.push_back({s->text(0), s->text(1), s->text(2), s->text(3), static_cast<std::size_t>(s->int64(4)),
                   static_cast<std::size_t>(s->int64(5))});
  return out;
}

std::vector<StoredChunk> KbStore::chunks() {
  std::vector<StoredChunk> out;
  auto s = db_->prepare(
      "SELECT id, doc, title, section, page, begin_offset, end_offset, text, hash FROM chunks ORDER BY id");
  while (s->step()) {
    StoredChunk c;
    c.id = static_cast<ChunkId>(s->int64(0));
    c.chunk = {s->text(1), s->text(2), s->text(3), static_cast<int>(s->int64(4)),
               static_cast<std::size_t>(s->int64(5)), static_cast<std::size_t>(s->int64(6)), s->text(7)};
    c.hash = s->text(8);
    out.push_back(std::move(c));
  }
  return out;
}

std::optional<std::vector<float>> KbStore::embedding(const std::string& hash, const std::string& model) {
  auto s = db_->prepare("SELECT vec FROM embeddings WHERE hash = ?1 AND model = ?2");
  s->bind_all(hash, model);
  if (!s->step()) return std::nullopt;
  const std::string bytes = s->text(0);
  std::vector<float> vec(bytes.size() / sizeof(float));
  std::memcpy(vec.data(), bytes.data(), vec.size() * sizeof(float));
  return vec;
}

std::optional<std::string> KbStore::meta(const std::string& key) {
  auto s = db_->prepare("SELECT value FROM meta WHERE key = ?1");
  s->bind_all(key);
  if (!s->step()) return std::nullopt;
  return s->text(0);
}

void KbStore::begin() { db_->exec("BEGIN IMMEDIATE"); }
void KbStore::commit() { db_->exec("COMMIT"); }
void KbStore::rollback() {
  if (db_->in_transaction()) db_->exec("ROLLBACK");
}

void KbStore::put_document(const DocumentInfo& d) {
  db_->run("INSERT OR REPLACE INTO documents (name, title, type, content_hash, chunks, bytes) "
           "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
           d.name, d.title, d.type, d.content_hash, static_cast<std::int64_t>(d.chunks),
           static_cast<std::int64_t>(d.bytes));
}

void KbStore::delete_document(const std::string& name) {
  db_->run("DELETE FROM chunks WHERE doc = ?1", name);
  db_->run("DELETE FROM documents WHERE name = ?1", name);
}

void KbStore::put_chunk(const StoredChunk& c) {
  db_->run("INSERT INTO chunks (id, doc, title, section, page, begin_offset, end_offset, text, hash) "
           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
           static_cast<std::int64_t>(c.id), c.chunk.doc, c.chunk.title, c.chunk.section, c.chunk.page,
           static_cast<std::int64_t>(c.chunk.begin), static_cast<std::int64_t>(c.chunk.end), c.chunk.text,
           c.hash);
}

void KbStore::put_embedding(const std::string& hash, const std::string& model, const std::vector<float>& vec) {
  db_->run("INSERT OR REPLACE INTO embeddings (hash, model, vec) VALUES (?1, ?2, ?3)", hash, model,
           std::string_view(reinterpret_cast<const char*>(vec.data()), vec.size() * sizeof(float)));
}

void KbStore::drop_embeddings_except(const std::string& model) {
  db_->run("DELETE FROM embeddings WHERE model <> ?1", model);
}

void KbStore::set_meta(const std::string& key, const std::string& value) {
  db_->run("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)", key, value);
}

}  // namespace oiis::kb

// Where a persistent knowledge base keeps its state: <dir>/kb.sqlite (documents, chunks with
// their citations, the embedding cache keyed by content hash and model, the embedder model and
// counters) and <dir>/hnsw.bin (the vector graph). Internal to module kb; SQLite errors are
// thrown (sqlite::SqliteError) and turned into Status by the knowledge base.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kb/kb.h"

namespace oiis::sqlite {
class Connection;
}

namespace oiis::kb {

struct StoredChunk {
  ChunkId id = 0;
  Chunk chunk;
  std::string hash;  // of index_text(chunk): the embedding cache key
};

class KbStore {
 public:
  explicit KbStore(const std::string& dir);  // creates the directory and schema
  ~KbStore();

  std::vector<DocumentInfo> documents();
  std::vector<StoredChunk> chunks();
  // The cached embedding of content `hash` under `model`, if any.
  std::optional<std::vector<float>> embedding(const std::string& hash, const std::string& model);
  std::optional<std::string> meta(const std::string& key);

  void begin();
  void commit();
  void rollback();
  void put_document(const DocumentInfo& doc);
  void delete_document(const std::string& name);  // and its chunks
  void put_chunk(const StoredChunk& chunk);
  void put_embedding(const std::string& hash, const std::string& model, const std::vector<float>& vec);
  void drop_embeddings_except(const std::string& model);
  void set_meta(const std::string& key, const std::string& value);

  const std::string& hnsw_path() const { return hnsw_path_; }

 private:
  std::unique_ptr<sqlite::Connection> db_;
  std::string hnsw_path_;
};

}  // namespace oiis::kb

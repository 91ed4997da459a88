// Adding and removing documents, the embedder's training, and persistence.
#include <algorithm>
#include <cstring>
#include <filesystem>

#include "common/crypto.h"
#include "common/parallel.h"
#include "kb/kb_impl.h"
#include "store/sqlite/sqlite_connection.h"

namespace oiis::kb {

void VectorRows::put(ChunkId id, const float* vec) {
  auto [it, inserted] = row_of_.try_emplace(id, ids_.size());
  if (inserted) {
    ids_.push_back(id);
    data_.resize(data_.size() + dim_);
  }
  std::memcpy(data_.data() + it->second * dim_, vec, dim_ * sizeof(float));
}

void VectorRows::remove(ChunkId id) {
  const auto it = row_of_.find(id);
  if (it == row_of_.end()) return;
  const std::size_t row = it->second, last = ids_.size() - 1;
  if (row != last) {  // the last row fills the gap
    std::memcpy(data_.data() + row * dim_, data_.data() + last * dim_, dim_ * sizeof(float));
    ids_[row] = ids_[last];
    row_of_[ids_[row]] = row;
  }
  ids_.pop_back();
  data_.resize(ids_.size() * dim_);
  row_of_.erase(it);
}

const float* VectorRows::find(ChunkId id) const {
  const auto it = row_of_.find(id);
  return it == row_of_.end() ? nullptr : data_.data() + it->second * dim_;
}

const char* retrieval_name(Retrieval r) {
  return r == Retrieval::kBm25 ? "bm25" : r == Retrieval::kDense ? "dense" : "hybrid";
}
const char* fusion_name(Fusion f) { return f == Fusion::kRrf ? "rrf" : "weighted"; }
Result<Retrieval> parse_retrieval(std::string_view name) {
  if (name == "bm25") return Retrieval::kBm25;
  if (name == "dense") return Retrieval::kDense;
  if (name == "hybrid") return Retrieval::kHybrid;
  return invalid_argument("unknown method '" + std::string(name) + "' (bm25, dense, hybrid)", "method");
}
Result<Fusion> parse_fusion(std::string_view name) {
  if (name == "rrf") return Fusion::kRrf;
  if (name == "weighted") return Fusion::kWeighted;
  return invalid_argument("unknown fusion '" + std::string(name) + "' (rrf, weighted)", "fusion");
}

std::string index_text(const Chunk& chunk) {
  return chunk.title + "\n" + chunk.section + "\n" + chunk.text;
}

namespace {

using Impl = KnowledgeBase::Impl;

std::string chunk_hash(const Chunk& c) { return sha256_hex(index_text(c)).substr(0, 32); }

void register_chunk(Impl& kb, StoredChunk c) {
  kb.bm25.add(c.id, index_text(c.chunk));
  kb.document_chunks[c.chunk.doc].push_back(c.id);
  kb.next_id = std::max(kb.next_id, c.id + 1);
  kb.chunks.emplace(c.id, std::move(c));
}

void forget_document(Impl& kb, const std::string& name) {
  for (ChunkId id : kb.document_chunks[name]) {
    kb.bm25.remove(id);
    kb.vectors.remove(id);
    if (kb.hnsw) kb.hnsw->remove(id);
    kb.chunks.erase(id);
  }
  kb.document_chunks.erase(name);
  kb.documents.erase(name);
  if (kb.store) kb.store->delete_document(name);
}

// Embeds `ids` (from the cache when the content was embedded before) into the rows and graph.
// A remote server's vectors were fetched beforehand (fetch_remote), so this never waits on it.
void embed_chunks(Impl& kb, const std::vector<ChunkId>& ids) {
  const int dim = dense_dim(kb);
  std::vector<float> block(ids.size() * dim);
  std::vector<char> cached(ids.size(), 0);
  if (kb.store)
    for (std::size_t i = 0; i < ids.size(); ++i)
      if (auto vec = kb.store->embedding(kb.chunks.at(ids[i]).hash, dense_model(kb));
          vec && static_cast<int>(vec->size()) == dim) {
        std::copy(vec->begin(), vec->end(), block.begin() + static_cast<std::ptrdiff_t>(i * dim));
        cached[i] = 1;
      }
  std::vector<const StoredChunk*> todo(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) todo[i] = &kb.chunks.at(ids[i]);
  if (kb.remote) {
    for (std::size_t i = 0; i < ids.size(); ++i)
      if (auto it = kb.fetched.find(todo[i]->hash); !cached[i] && it != kb.fetched.end())
        std::copy(it->second.begin(), it->second.end(), block.begin() + static_cast<std::ptrdiff_t>(i * dim));
  } else {
    parallel_for_each_index(ids.size(), [&](std::size_t i) {
      if (!cached[i]) kb.embedder.embed_into(index_text(todo[i]->chunk), block.data() + i * dim);
    });
  }
  for (std::size_t i = 0; i < ids.size(); ++i) {
    kb.vectors.put(ids[i], block.data() + i * dim);
    if (kb.store && !cached[i])
      kb.store->put_embedding(todo[i]->hash, dense_model(kb),
                              std::vector<float>(block.begin() + i * dim, block.begin() + (i + 1) * dim));
  }
  kb.fetched.clear();
  if (!kb.hnsw) kb.hnsw = std::make_unique<VectorIndex>(dim, kb.options.hnsw);
  kb.hnsw->add_batch(ids.data(), block.data(), ids.size());
}

// Embeds the `missing` chunks and builds the graph anew from every vector.
void rebuild_graph(Impl& kb, const std::vector<ChunkId>& missing) {
  std::vector<ChunkId> present(kb.vectors.ids(), kb.vectors.ids() + kb.vectors.size());
  kb.hnsw = std::make_unique<VectorIndex>(dense_dim(kb), kb.options.hnsw);
  kb.hnsw->add_batch(present.data(), kb.vectors.data(), present.size());
  if (!missing.empty()) embed_chunks(kb, missing);
}

// Asks the remote server for the vectors of `texts` (with their content hashes) that neither the
// cache nor an earlier fetch holds; kept in kb.fetched until embed_chunks stores them. Called
// before anything changes, so a server that fails leaves the knowledge base as it was.
Status fetch_remote(Impl& kb, const std::vector<std::string>& texts, const std::vector<std::string>& hashes) {
  std::vector<std::string> todo, todo_hashes;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    if (kb.fetched.count(hashes[i])) continue;
    if (kb.store && kb.remote->dim() > 0)
      if (auto vec = kb.store->embedding(hashes[i], kb.remote->model_id()); vec && static_cast<int>(vec->size()) == kb.remote->dim())
        continue;
    todo.push_back(texts[i]);
    todo_hashes.push_back(hashes[i]);
  }
  if (todo.empty()) return Status::ok();
  auto vectors = kb.remote->embed(todo);
  if (!vectors) return vectors.status();
  const int dim = kb.remote->dim();
  for (std::size_t i = 0; i < todo.size(); ++i)
    kb.fetched[todo_hashes[i]].assign(vectors->begin() + i * dim, vectors->begin() + (i + 1) * dim);
  return Status::ok();
}

// The remote vectors of every chunk already registered (a knowledge base opened with a server
// it was not built with, or vectors missing from the cache).
Status fetch_remote_for_chunks(Impl& kb) {
  std::vector<std::string> texts, hashes;
  for (const auto& [id, c] : kb.chunks) {
    texts.push_back(index_text(c.chunk));
    hashes.push_back(c.hash);
  }
  return fetch_remote(kb, texts, hashes);
}

// Trains the embedder on every chunk (a remote server needs none), then re-embeds them all
// into fresh rows and graph.
void retrain(Impl& kb) {
  std::vector<ChunkId> ids;
  std::vector<std::string> texts;
  for (const auto& [name, chunk_ids] : kb.document_chunks)
    for (ChunkId id : chunk_ids) {
      ids.push_back(id);
      texts.push_back(index_text(kb.chunks.at(id).chunk));
    }
  if (kb.remote) {
    kb.trained_on = ids.size();
    kb.vectors = VectorRows(kb.remote->dim());
    kb.hnsw.reset();
    if (kb.store) {
      kb.store->set_meta("encoder", kb.remote->model_id());
      kb.store->set_meta("encoder_dim", std::to_string(kb.remote->dim()));
    }
    if (kb.remote->dim() > 0) embed_chunks(kb, ids);
    return;
  }
  kb.embedder = Embedder::train(texts, kb.options.embedder);
  kb.trained_on = ids.size();
  kb.vectors = VectorRows(kb.embedder.dim());
  kb.hnsw.reset();
  if (kb.store) {
    kb.store->drop_embeddings_except(kb.embedder.model_id());
    kb.store->set_meta("embedder", kb.embedder.serialize());
    kb.store->set_meta("encoder", kb.embedder.model_id());
    kb.store->set_meta("trained_on", std::to_string(kb.trained_on));
  }
  if (kb.embedder.trained()) embed_chunks(kb, ids);
}

void save_graph(Impl& kb) {
  if (!kb.store) return;
  const std::string generation = std::to_string(kb.next_id) + ":" + std::to_string(kb.chunks.size());
  std::error_code ignored;
  std::filesystem::remove(kb.store->hnsw_path(), ignored);
  if (kb.hnsw && kb.hnsw->save(kb.store->hnsw_path()).is_ok()) kb.store->set_meta("hnsw", generation);
}

// Chunks and registers one new document; the ids of its chunks.
std::vector<ChunkId> insert_document(Impl& kb, const Document& doc, const std::string& hash) {
  std::vector<Chunk> pieces = chunk_document(doc, kb.options.chunking);
  std::vector<ChunkId> ids;
  for (Chunk& c : pieces) {
    StoredChunk stored{kb.next_id, std::move(c), {}};
    stored.hash = chunk_hash(stored.chunk);
    if (kb.store) kb.store->put_chunk(stored);
    ids.push_back(stored.id);
    register_chunk(kb, std::move(stored));
  }
  DocumentInfo info{doc.name, doc.title, document_type_name(doc.type), hash, ids.size(), doc.text.size()};
  if (kb.store) kb.store->put_document(info);
  kb.documents[doc.name] = std::move(info);
  return ids;
}

// Opened with an embedding server: vectors cached under its model, the rest fetched. A server
// that does not answer leaves the dense side empty (BM25 still serves; dense and hybrid searches
// say why, and the next add fetches what is missing).
void load_remote(Impl& kb) {
  KbStore& store = *kb.store;
  if (store.meta("encoder") == kb.remote->model_id())
    if (auto dim = store.meta("encoder_dim")) kb.remote->expect_dim(std::stoi(*dim));
  if (kb.chunks.empty() || !fetch_remote_for_chunks(kb).is_ok()) return;
  store.begin();
  retrain(kb);
  store.commit();
  save_graph(kb);
}

// Restores a persisted knowledge base: chunks into BM25, the model, vectors from the cache
// (embedding any missing), and the graph from its file when it matches the chunks.
void load(Impl& kb) {
  KbStore& store = *kb.store;
  for (auto& doc : store.documents()) kb.documents[doc.name] = doc;
  for (auto& c : store.chunks()) register_chunk(kb, std::move(c));
  if (auto next = store.meta("next_id")) kb.next_id = std::max<ChunkId>(kb.next_id, std::stoul(*next));
  if (kb.remote) {
    load_remote(kb);
    return;
  }
  const auto model = store.meta("embedder");
  if (!model) {
    if (kb.chunks.empty()) return;
    retrain(kb);  // built with an embedding server, opened without one: the built-in takes over
    save_graph(kb);
    return;
  }
  auto embedder = Embedder::deserialize(*model);
  if (!embedder) {
    retrain(kb);  // a damaged model is rebuilt from the chunks
    save_graph(kb);
    return;
  }
  kb.embedder = std::move(embedder).value();
  kb.trained_on = std::stoul(store.meta("trained_on").value_or("0"));
  kb.vectors = VectorRows(kb.embedder.dim());
  const std::string generation = std::to_string(kb.next_id) + ":" + std::to_string(kb.chunks.size());
  if (store.meta("hnsw") == generation) {
    auto graph = VectorIndex::load(store.hnsw_path(), kb.embedder.dim(), kb.options.hnsw);
    if (graph) kb.hnsw = std::make_unique<VectorIndex>(std::move(graph).value());
  }
  std::vector<ChunkId> missing;
  for (const auto& [id, c] : kb.chunks) {
    if (auto vec = store.embedding(c.hash, kb.embedder.model_id()); vec && static_cast<int>(vec->size()) == kb.embedder.dim())
      kb.vectors.put(id, vec->data());
    else
      missing.push_back(id);
  }
  if (kb.hnsw && missing.empty()) return;
  // The graph is stale or some vectors are missing: rebuild the graph from all vectors.
  kb.hnsw.reset();
  store.begin();
  rebuild_graph(kb, missing);
  store.commit();
  save_graph(kb);
}

}  // namespace

Result<std::unique_ptr<KnowledgeBase>> KnowledgeBase::open(const std::string& dir, const KbOptions& options) {
  if (options.remote) OIIS_RETURN_IF_ERROR(validate(*options.remote));
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  if (options.remote) impl->remote = std::make_unique<RemoteEmbedder>(*options.remote);
  try {
    impl->store = std::make_unique<KbStore>(dir);
    load(*impl);
  } catch (const sqlite::SqliteError& e) {
    return sqlite::to_status(e);
  } catch (const std::exception& e) {
    return internal_error("cannot open the knowledge base in " + dir + ": " + e.what());
  }
  return std::unique_ptr<KnowledgeBase>(new KnowledgeBase(std::move(impl)));
}

KnowledgeBase::KnowledgeBase(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
KnowledgeBase::~KnowledgeBase() = default;

std::unique_ptr<KnowledgeBase> KnowledgeBase::in_memory(const KbOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  if (options.remote) impl->remote = std::make_unique<RemoteEmbedder>(*options.remote);
  return std::unique_ptr<KnowledgeBase>(new KnowledgeBase(std::move(impl)));
}

namespace {

// Before an add changes anything: the server's vectors for the chunks of every new or changed
// document, and for any chunk still without one.
Status fetch_remote_for_add(Impl& kb, const std::vector<Document>& documents) {
  if (kb.vectors.size() < kb.chunks.size()) OIIS_RETURN_IF_ERROR(fetch_remote_for_chunks(kb));
  std::vector<std::string> texts, hashes;
  for (const Document& doc : documents) {
    const auto existing = kb.documents.find(doc.name);
    if (existing != kb.documents.end() && existing->second.content_hash == sha256_hex(doc.text)) continue;
    for (const Chunk& c : chunk_document(doc, kb.options.chunking)) {
      texts.push_back(index_text(c));
      hashes.push_back(chunk_hash(c));
    }
  }
  return fetch_remote(kb, texts, hashes);
}

void embed_added(Impl& kb, const std::vector<ChunkId>& fresh, AddReport& report) {
  if (kb.remote) {
    if (kb.vectors.dim() != kb.remote->dim() || kb.vectors.size() + fresh.size() < kb.chunks.size()) retrain(kb);
    else if (!fresh.empty()) embed_chunks(kb, fresh);
    return;
  }
  const bool grown = static_cast<double>(kb.chunks.size()) >=
                     kb.options.retrain_growth * static_cast<double>(kb.trained_on);
  if (!kb.embedder.trained() || (grown && !fresh.empty())) {
    retrain(kb);
    report.retrained = kb.embedder.trained();
  } else if (!fresh.empty()) {
    embed_chunks(kb, fresh);
  }
}

}  // namespace

Result<AddReport> KnowledgeBase::add(std::vector<Document> documents) {
  Impl& kb = *impl_;
  AddReport report;
  std::vector<ChunkId> fresh;
  if (kb.remote) OIIS_RETURN_IF_ERROR(fetch_remote_for_add(kb, documents));
  try {
    if (kb.store) kb.store->begin();
    for (const Document& doc : documents) {
      const std::string hash = sha256_hex(doc.text);
      const auto existing = kb.documents.find(doc.name);
      if (existing != kb.documents.end() && existing->second.content_hash == hash) {
        ++report.unchanged;
        continue;
      }
      if (existing != kb.documents.end()) {
        forget_document(kb, doc.name);
        ++report.replaced;
      } else {
        ++report.added;
      }
      const auto ids = insert_document(kb, doc, hash);
      fresh.insert(fresh.end(), ids.begin(), ids.end());
    }
    report.chunks = fresh.size();
    embed_added(kb, fresh, report);
    if (kb.store) {
      kb.store->set_meta("next_id", std::to_string(kb.next_id));
      kb.store->commit();
    }
  } catch (const sqlite::SqliteError& e) {
    if (kb.store) kb.store->rollback();
    return sqlite::to_status(e);
  }
  if (report.added + report.replaced > 0) save_graph(kb);
  return report;
}

Status KnowledgeBase::remove(const std::string& name) {
  Impl& kb = *impl_;
  if (!kb.documents.count(name)) return not_found("no document named " + name, "name");
  try {
    if (kb.store) kb.store->begin();
    forget_document(kb, name);
    if (kb.store) kb.store->commit();
  } catch (const sqlite::SqliteError& e) {
    if (kb.store) kb.store->rollback();
    return sqlite::to_status(e);
  }
  save_graph(kb);
  return Status::ok();
}

std::vector<DocumentInfo> KnowledgeBase::documents() const {
  std::vector<DocumentInfo> out;
  for (const auto& [name, info] : impl_->documents) out.push_back(info);
  return out;
}

std::size_t KnowledgeBase::chunk_count() const { return impl_->chunks.size(); }

}  // namespace oiis::kb

// docs/api.md's route reference and docs/openapi.json are generated from the route table
// (`oiis api-docs --write docs`). These compare the committed files with what the code
// generates and serves: a route added, removed or re-documented without regenerating the docs
// fails here.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "server/api.h"
#include "server/server_fixture.h"
#include "support/source_dir.h"

namespace oiis::testing {
namespace {

using server::build_openapi;
using server::build_route_table;
using server::extract_route_reference;
using server::render_route_reference;
using server::replace_route_reference;

std::string read_doc(const char* name) {
  // OIIS_SOURCE_DIR, or the working directory (the server_asio. run starts in the source tree).
  std::ifstream in(source_dir() + "/docs/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read docs/" << name << " under " << source_dir();
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

constexpr const char* kRegenerate = "stale: run `build/oiis api-docs --write docs` and commit";

TEST(ApiDocsTest, ApiMdRouteReferenceIsWhatTheRouteTableGenerates) {
  const auto section = extract_route_reference(read_doc("api.md"));
  ASSERT_TRUE(section.has_value()) << "docs/api.md lost its generated route reference markers";
  const std::string generated = render_route_reference(build_route_table());
  EXPECT_EQ(*section, generated) << "docs/api.md route reference " << kRegenerate;
  // Every route appears: a table row per route.
  for (const auto& route : build_route_table())
    EXPECT_NE(section->find("| " + std::string(route.method) + " | `" + route.pattern + "` |"),
              std::string::npos)
        << route.method << " " << route.pattern;
}

TEST(ApiDocsTest, ReplacingTheReferenceKeepsTheRestOfTheDocument) {
  const std::string doc = "intro\n" + render_route_reference({}) + "outro\n";
  auto replaced = replace_route_reference(doc, build_route_table());
  ASSERT_TRUE(replaced.is_ok());
  EXPECT_EQ(replaced->rfind("intro\n", 0), 0u);
  EXPECT_EQ(replaced->substr(replaced->size() - 6), "outro\n");
  EXPECT_NE(replaced->find("/api/v1/orders"), std::string::npos);
  EXPECT_FALSE(replace_route_reference("no markers here", build_route_table()).is_ok());
}

TEST_F(ServerTest, ServedOpenApiIsTheCommittedDocsOpenApiJson) {
  const Json committed = Json::parse(read_doc("openapi.json"), nullptr, false);
  ASSERT_FALSE(committed.is_discarded()) << "docs/openapi.json is not JSON";
  Reply served = get("/openapi.json", nullptr);
  ASSERT_EQ(served.status, 200);
  EXPECT_EQ(served.json, committed) << "docs/openapi.json " << kRegenerate;
  // The forecast route documents its location parameter (it was missing once).
  bool has_location = false;
  for (const auto& p : committed["paths"]["/api/v1/forecast/{sku}"]["get"]["parameters"])
    has_location |= p.value("name", "") == "location";
  EXPECT_TRUE(has_location);
}

}  // namespace
}  // namespace oiis::testing

// Tests for the Value tree and its JSON round trip.
#include "api/value.h"

#include <doctest/doctest.h>

namespace rsemu::api {

TEST_CASE("objects keep insertion order, replace on Set and erase keys") {
  Value object;
  object["b"] = Value::Int(1);
  object.Set("a", Value::String("x"));
  object.Set("b", Value::Int(2));
  REQUIRE(object.keys().size() == 2);
  CHECK(object.keys()[0] == "b");
  CHECK(object.GetInt("b") == 2);
  CHECK(object.GetString("a") == "x");
  CHECK(object.GetString("missing", "fallback") == "fallback");
  object.Erase("b");
  CHECK_FALSE(object.Has("b"));
}

TEST_CASE("JSON round trip keeps every kind") {
  Value root = Value::Object();
  root.Set("null", Value());
  root.Set("bool", Value::Bool(true));
  root.Set("int", Value::Int(-9007199254740993LL));
  root.Set("double", Value::Double(-1.5));
  root.Set("string", Value::String("a \"quoted\" é\n"));
  Value list = Value::List();
  list.Push(Value::Int(1));
  list.Push(Value::Object()).Set("k", Value::String("v"));
  root.Set("list", std::move(list));
  auto parsed = Value::FromJson(root.ToJson());
  REQUIRE(parsed.ok());
  CHECK(*parsed == root);
  CHECK(parsed->Find("list")->items()[1].GetString("k") == "v");
}

TEST_CASE("invalid JSON says where") {
  auto parsed = Value::FromJson("{\"a\": 1,}");
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.status().message().find("offset") != std::string::npos);
}

}  // namespace rsemu::api

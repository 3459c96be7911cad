// Test harness for the model: the real backend run sequentially, with a record of every
// tag store (reason and page) and every event, and a Kernel built from a version name
// and a strategy name through the registries.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "model/backends/real_primitives.hpp"
#include "model/model.hpp"

namespace tagrace::model::testing {

/// RealPrimitives that also records tag stores and events (thread-safe).
class RecordingPrimitives : public RealPrimitives {
 public:
  struct Store {
    const page* pg;
    unsigned granule;
    tag_t val;
    TagWrite why;
  };
  std::vector<Store> stores;
  std::vector<Event> events;
  std::vector<std::string> failed;

  RecordingPrimitives() {
    on_event = [this](const Event& e) {
      std::lock_guard g(mu_);
      events.push_back(e);
    };
    on_check = [this](bool ok, const char* what) {
      std::lock_guard g(mu_);
      if (!ok) failed.push_back(what);
    };
  }
  void tag_store(page* pg, unsigned granule, tag_t val, TagWrite why) override {
    RealPrimitives::tag_store(pg, granule, val, why);
    std::lock_guard g(mu_);
    stores.push_back(Store{pg, granule, val, why});
  }
  /// Init stores (clear/restore/copy) to granule 0 of pg.
  int inits(const page* pg) const {
    int n = 0;
    for (const auto& s : stores)
      if (s.pg == pg && s.granule == 0 &&
          (s.why == TagWrite::InitClear || s.why == TagWrite::InitRestore || s.why == TagWrite::InitCopy))
        ++n;
    return n;
  }
  int count(EventKind k) const {
    int n = 0;
    for (const auto& e : events) n += e.kind == k;
    return n;
  }
  void clear_records() {
    stores.clear();
    events.clear();
    failed.clear();
  }

 private:
  std::mutex mu_;
};

/// A Kernel for `version` running strategy `strategy` (registry defaults).
struct ModelWorld {
  RecordingPrimitives p;
  std::unique_ptr<TagSyncStrategy> strategy;
  std::unique_ptr<Kernel> k;

  ModelWorld(const std::string& version, const std::string& strategy_name, Params given = {}) {
    register_builtin_strategies();
    auto cfg = KernelConfig::for_version(version);
    EXPECT_TRUE(cfg.has_value()) << version;
    const StrategyInfo* info = StrategyRegistry::instance().find(strategy_name);
    EXPECT_NE(info, nullptr) << strategy_name;
    Params params;
    EXPECT_EQ(resolve_params(info->params, given, params), "");
    strategy = info->make(params);
    k = std::make_unique<Kernel>(p, *cfg, *strategy);
    k->reset();
  }
  ModelWorld(const KernelConfig& cfg, const std::string& strategy_name) {
    register_builtin_strategies();
    Params params;
    const StrategyInfo* info = StrategyRegistry::instance().find(strategy_name);
    resolve_params(info->params, {}, params);
    strategy = info->make(params);
    k = std::make_unique<Kernel>(p, cfg, *strategy);
    k->reset();
  }
};

inline bool flag_set(const page* pg) { return pg->flags & (1ul << PG_mte_tagged); }

}  // namespace tagrace::model::testing

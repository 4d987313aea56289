// Read, write, read again gives the same model: for synthesized flights in every format and for
// every real sample log.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "formats/capabilities.h"
#include "formats/detect.h"
#include "formats/log_sink.h"
#include "formats/writer.h"
#include "support/test_data.h"
#include "synth/synth.h"

namespace skykeep::formats {
namespace {

void expect_round_trip(Bytes original, const ReaderOptions& opts = {}) {
  model::Log a, b;
  ASSERT_TRUE(read_log_bytes(original, opts, &a).ok());
  std::vector<std::byte> written = write_log(a).value();
  ASSERT_TRUE(read_log_bytes(Bytes(written), opts, &b).ok());
  EXPECT_EQ(b.meta.format, a.meta.format);
  EXPECT_EQ(testing::diff(a, b), std::vector<std::string>{});
  EXPECT_FALSE(b.report.corrupt()) << (b.report.issues.empty() ? "" : b.report.issues[0].message);
  // Writing is a function of the model: once normalised (topics in order of first record), a
  // log written, read and written again is byte-identical.
  auto second = write_log(b).value();
  model::Log c;
  ASSERT_TRUE(read_log_bytes(Bytes(second), opts, &c).ok());
  auto third = write_log(c).value();
  auto mismatch = std::mismatch(third.begin(), third.end(), second.begin(), second.end());
  EXPECT_TRUE(mismatch.first == third.end() && mismatch.second == second.end())
      << "third generation differs at byte " << (mismatch.first - third.begin()) << " of "
      << third.size() << " vs " << second.size();
}

TEST(RoundTrip, SynthesizedFlightsInEveryFormat) {
  for (auto f : {model::Format::kULog, model::Format::kDataFlash, model::Format::kTlog}) {
    SCOPED_TRACE(std::string(model::format_name(f)));
    synth::Options o;
    o.format = f;
    auto bytes = synth::synthesize_bytes(o);
    expect_round_trip(Bytes(bytes));
  }
}

TEST(RoundTrip, EverySampleLog) {
  if (testing::shared_dir().empty()) GTEST_SKIP() << "../shared/testdata is absent";
  ReaderOptions tlog;
  tlog.mavlink_xml.push_back(testing::shared_dir() + "/mavlink-xml/ardupilotmega.xml");
  for (const char* folder : {"ulog", "dataflash", "tlog"}) {
    for (const auto& p : testing::samples(folder)) {
      SCOPED_TRACE(p.filename().string());
      auto bytes = testing::read_bytes(p);
      expect_round_trip(Bytes(bytes), std::string(folder) == "tlog" ? tlog : ReaderOptions{});
    }
  }
}

// Every record and value of `to` is in `from`: topics matched by size and first time, fields by
// name (or by position, where the target format had to rename them).
void expect_values_carried(const model::Log& from, const model::Log& to, bool by_name) {
  auto data = [](const model::Log& l) {
    std::vector<const model::Topic*> v;
    for (const auto& t : l.topics)
      if (t.count && t.name() != "PARM" && t.name() != "MSG") v.push_back(&t);
    return v;
  };
  auto ta = data(from), tb = data(to);
  ASSERT_EQ(ta.size(), tb.size());
  for (const model::Topic* u : tb) {
    auto it = std::find_if(ta.begin(), ta.end(), [&](const model::Topic* t) {
      return t->rows == u->rows && (t->rows == 0 || u->time_at(0) == t->time_at(0)) &&
             t->schema.fields.size() >= u->schema.fields.size();
    });
    ASSERT_NE(it, ta.end()) << u->name();
    const model::Topic* t = *it;
    ta.erase(it);
    EXPECT_FALSE(u->schema.fields.empty()) << u->name();
    for (size_t g = 0; g < u->schema.fields.size(); ++g) {
      int f = by_name ? t->schema.find(u->schema.fields[g].name) : static_cast<int>(g);
      ASSERT_GE(f, 0) << u->name() << "." << u->schema.fields[g].name;
      for (size_t r = 0; r < t->rows; r += 97) {
        double x = t->value(static_cast<size_t>(f), r), y = u->value(g, r);
        if (std::isnan(x)) {
          EXPECT_EQ(t->text(static_cast<size_t>(f), r), u->text(g, r)) << u->name();
        } else {
          EXPECT_EQ(x, y) << u->name() << "." << u->schema.fields[g].name;
        }
      }
    }
  }
}

TEST(RoundTrip, AnyLogCanBeWrittenInAnotherFormat) {
  synth::Options o;
  auto bytes = synth::synthesize_bytes(o);
  model::Log ulog;
  ASSERT_TRUE(read_log_bytes(Bytes(bytes), {}, &ulog).ok());
  // ULog -> DataFlash keeps every record, parameter and message, and the leading fields of each
  // topic that fit a DataFlash format (16 columns, 64 characters of column names).
  model::Log df;
  auto df_bytes = write_log(ulog, model::Format::kDataFlash).value();
  ASSERT_TRUE(read_log_bytes(Bytes(df_bytes), {}, &df).ok());
  EXPECT_EQ(df.meta.format, model::Format::kDataFlash);
  EXPECT_FALSE(df.report.corrupt());
  expect_values_carried(ulog, df, true);
  EXPECT_EQ(df.params.initial.size(), ulog.params.initial.size());
  EXPECT_EQ(df.texts.size(), ulog.texts.size());
  // DataFlash -> ULog loses nothing.
  model::Log back;
  auto ulog_bytes = write_log(df, model::Format::kULog).value();
  ASSERT_TRUE(read_log_bytes(Bytes(ulog_bytes), {}, &back).ok());
  EXPECT_FALSE(back.report.corrupt());
  expect_values_carried(df, back, false);
  for (const auto& t : df.topics) {
    if (t.name() == "PARM" || t.name() == "MSG") continue;
    const model::Topic* u = back.find(t.name(), t.instance());
    ASSERT_NE(u, nullptr) << t.name();
    EXPECT_EQ(u->schema.fields.size(), t.schema.fields.size()) << t.name();
  }
  // A tlog carries MAVLink messages only: PX4 topics are skipped, and it says how many.
  VectorOutput out;
  auto w = make_writer(model::Format::kTlog, out);
  replay(ulog, *w);
  EXPECT_EQ(w->skipped_topics(), ulog.topics.size());
}

}  // namespace
}  // namespace skykeep::formats

namespace skykeep::formats {
namespace {

TEST(LogSink, ASampleKeepsBoundedRowsAndCountsEveryRecord) {
  synth::Options o;
  o.min_bytes = 12 << 20;
  auto bytes = synth::synthesize_bytes(o);
  model::Log full, sample;
  ASSERT_TRUE(read_log_bytes(Bytes(bytes), {}, &full).ok());
  {
    LogSink sink(&sample, 64);
    auto r = make_detecting_reader(sink, {});
    ASSERT_TRUE(r->feed(Bytes(bytes)).ok());
    ASSERT_TRUE(r->finish().ok());
  }
  ASSERT_EQ(full.topics.size(), sample.topics.size());
  for (size_t i = 0; i < full.topics.size(); ++i) {
    const auto &f = full.topics[i], &s = sample.topics[i];
    EXPECT_EQ(s.count, f.count);
    EXPECT_EQ(s.rows, std::min<size_t>(64, f.rows));
    EXPECT_EQ(s.min_time, f.min_time);
    EXPECT_EQ(s.max_time, f.max_time);
    EXPECT_LE(s.time.bytes().capacity(), 64u * 8 * 2);
  }
  EXPECT_EQ(sample.meta.vehicle_id, full.meta.vehicle_id);
}

TEST(LogSink, AReusedLogGivesTheSameResult) {
  synth::Options o;
  auto bytes = synth::synthesize_bytes(o);
  model::Log once, reused;
  ASSERT_TRUE(read_log_bytes(Bytes(bytes), {}, &once).ok());
  ASSERT_TRUE(read_log_bytes(Bytes(bytes), {}, &reused).ok());
  ASSERT_TRUE(read_log_bytes(Bytes(bytes), {}, &reused).ok());
  EXPECT_EQ(testing::diff(once, reused), std::vector<std::string>{});
}

}  // namespace
}  // namespace skykeep::formats

namespace skykeep::formats {
namespace {

// Writers and shares choose from what each format declares; a format nothing can write is
// never written as another by default.
TEST(Formats, EachDeclaresWhatItCanDoAndNoneIsADefault) {
  for (const FormatInfo& f : known_formats()) {
    EXPECT_TRUE(f.read) << f.name;
    if (f.write) {
      EXPECT_EQ(f.native_copy, f.format) << f.name;
    }
    if (f.native_copy != model::Format::kUnknown) {
      EXPECT_TRUE(format_info(f.native_copy).write) << f.name;
    }
    EXPECT_EQ(f.name, model::format_name(f.format));
    EXPECT_EQ(f.extension[0], '.') << f.name;
    VectorOutput out;
    EXPECT_EQ(make_writer(f.format, out) != nullptr, f.write) << f.name;
  }
  EXPECT_FALSE(format_info(model::Format::kUnknown).write);
  VectorOutput out;
  EXPECT_EQ(make_writer(model::Format::kUnknown, out), nullptr);
  model::Log log;  // a log of no format skykeep writes
  auto written = write_log(log);
  ASSERT_FALSE(written.has_value());
  EXPECT_EQ(written.error().code(), Status::Code::kNotSupported);
}

}  // namespace
}  // namespace skykeep::formats

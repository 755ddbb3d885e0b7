// The auditor's view of the real kpiwatchd with a tokens file: the report route in all
// three formats, `kpiwatch report` writing files, the /ui/ pages and their sign-in, and an
// end-to-end run in headless Chromium (chromedriver over WebDriver HTTP) that signs in,
// opens an indicator, filters its alerts with the plain form and saves a screenshot under
// the build dir. Chromium and chromedriver are Debian packages the Makefile installs; when
// they are missing the test fails.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <boost/beast/core/detail/base64.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <random>
#include <thread>

#include "client/http_client.h"
#include "tests/support/daemon_process.h"
#include "tests/support/smtp_server.h"  // FreeLoopbackPort
#include "tests/support/temp_dir.h"
#include "tests/support/test_catalogue.h"
#include "tests/support/tokens_yaml.h"
#include "tests/support/text_search.h"

namespace kpiwatch {
namespace {

using testing::CountOccurrences;
using testing::DaemonProcess;
using testing::TempDir;
using testing::WriteFile;

const std::string kAuditor = "audrey-token-7a8b";
const std::string kController = "carla-token-5f60";
const std::string kLoader = "loader-token-1b2c";
const std::string kNote = "New employer agreement from January (check <intake> & sign-off).";

std::string TokensYaml() {
  return testing::TokensFileYaml(
      {{"audrey", kAuditor, "auditor"}, {"carla", kController, "controller"}, {"loader", kLoader, "ingest"}});
}

// 24 months around 40, then 12 around 60 (sd 2.5), from 2024-01, as one CSV batch; seeded.
std::string ShiftedCsv() {
  std::mt19937_64 engine(20261202);
  std::normal_distribution<double> noise(0.0, 2.5);
  std::string csv = "indicator,unit,period,value\n";
  for (int month = 0; month < 36; ++month) {
    int year = 2024 + month / 12, in_year = month % 12 + 1;
    csv += "werk.uitstroom,zwolle," + std::to_string(year) + (in_year < 10 ? "-0" : "-") + std::to_string(in_year) +
           "," + std::to_string(std::round((month < 24 ? 40.0 : 60.0) + noise(engine))) + "\n";
  }
  return csv;
}

boost::json::value Json(const client::HttpReply& reply) {
  boost::system::error_code error;
  boost::json::value json = boost::json::parse(reply.body, error);
  EXPECT_FALSE(error) << reply.body;
  return json;
}

class ReportViewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(dir_ / "catalogue.yaml",
              std::string("indicators:\n") + testing::kUitstroomEntry + testing::kDuurzaamEntry);
    WriteFile(dir_ / "rules.yaml", testing::kLevelShiftRules);
    WriteFile(dir_ / "tokens.yaml", TokensYaml());
    daemon_ = std::make_unique<DaemonProcess>(
        dir_ / "var", std::vector<std::string>{"--catalogue", (dir_ / "catalogue.yaml").string(), "--rules",
                                               (dir_ / "rules.yaml").string(), "--tokens",
                                               (dir_ / "tokens.yaml").string()});
    ASSERT_TRUE(daemon_->Start()) << daemon_->log();
    // One shift -> one alert, interpreted by the controller; one value restated.
    ASSERT_EQ(Call(kLoader, "POST", "/v1/observations", ShiftedCsv(), "text/csv").status, 200);
    WaitForScheduler();
    ASSERT_EQ(Call(kLoader, "POST", "/v1/observations",
                   "indicator,unit,period,value\nwerk.uitstroom,zwolle,2024-03,33\n", "text/csv").status, 200);
    WaitForScheduler();
    boost::json::value alerts = Json(Call(kAuditor, "GET", "/v1/alerts"));
    ASSERT_EQ(alerts.at("count").to_number<int>(), 1) << boost::json::serialize(alerts);
    alert_id_ = alerts.at("alerts").at(0).at("id").to_number<std::int64_t>();
    boost::json::object interpretation{{"category", "genuine_change"}, {"note", kNote}};
    auto interpreted = Call(kController, "POST", "/v1/alerts/" + std::to_string(alert_id_) + "/interpret",
                            boost::json::serialize(interpretation), "application/json");
    ASSERT_EQ(interpreted.status, 200) << interpreted.body;
  }

  client::HttpReply Call(const std::string& token, const std::string& method, const std::string& target,
                         const std::string& body = "", const std::string& content_type = "") {
    Result<client::HttpReply> reply = client::HttpCall(daemon_->url(), method, target, body, content_type, token);
    EXPECT_TRUE(reply.ok()) << reply.status().ToString();
    return reply.ok() ? *reply : client::HttpReply{};
  }

  void WaitForScheduler() {
    for (int attempt = 0; attempt < 600; ++attempt) {
      boost::json::value health = Json(Call("", "GET", "/healthz"));
      const auto& scheduler = health.at("scheduler");
      if (scheduler.at("queued").to_number<int>() == 0 && !scheduler.at("busy").as_bool()) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    FAIL() << "scheduler did not become idle";
  }

  testing::CommandResult Cli(const std::string& token, std::vector<std::string> args) {
    args.insert(args.begin(), {"--server", daemon_->url(), "--token", token});
    return testing::RunCli(args);
  }

  TempDir dir_;
  std::unique_ptr<DaemonProcess> daemon_;
  std::int64_t alert_id_ = 0;
};

TEST_F(ReportViewTest, TheReportRouteServesTheHistoryAsHtmlCsvAndJson) {
  auto json_reply = Call(kAuditor, "GET", "/v1/indicators/werk.uitstroom/report?format=json");
  ASSERT_EQ(json_reply.status, 200) << json_reply.body;
  boost::json::value json = Json(json_reply);
  const auto& unit = json.at("units").at(0);
  EXPECT_EQ(unit.at("unit").as_string(), "zwolle");
  EXPECT_EQ(unit.at("points").as_array().size(), 36u);
  ASSERT_EQ(unit.at("restatements").as_array().size(), 1u);
  EXPECT_EQ(unit.at("restatements").at(0).at("new_value").to_number<double>(), 33.0);
  const auto& alert = json.at("alerts").at(0);
  EXPECT_EQ(alert.at("interpretation").at("note").as_string(), kNote);
  EXPECT_EQ(alert.at("interpretation").at("author").as_string(), "carla");
  EXPECT_TRUE(json.at("audit").at("ok").as_bool());
  EXPECT_EQ(json.at("rule_versions").at(0).at("rules").at(0).as_string(), "level-shift");

  auto html = Call(kAuditor, "GET", "/v1/indicators/werk.uitstroom/report");
  ASSERT_EQ(html.status, 200);
  EXPECT_EQ(html.content_type, "text/html; charset=utf-8");
  std::string chart = testing::ElementFrom(html.body, "<svg class=\"chart\"", "</svg>");
  EXPECT_EQ(CountOccurrences(chart, "<circle class=\"point\""), 36u);
  EXPECT_EQ(CountOccurrences(chart, "<circle class=\"restated\""), 1u);
  EXPECT_EQ(CountOccurrences(chart, "<rect class=\"flagged"), 1u);
  EXPECT_NE(html.body.find("check &lt;intake&gt; &amp; sign-off"), std::string::npos);

  auto csv = Call(kController, "GET", "/v1/indicators/werk.uitstroom/report?format=csv&locale=nl&from=2025-01");
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(CountOccurrences(csv.body, "\r\npoint;werk.uitstroom;zwolle;"), 24u);
  EXPECT_EQ(CountOccurrences(csv.body, "\r\nrestatement;"), 0u);  // 2024-03 is before from
  EXPECT_EQ(CountOccurrences(csv.body, "\r\ninterpretation;"), 1u);

  EXPECT_EQ(Call(kAuditor, "GET", "/v1/indicators/werk.uitstroom/report?format=pdf").status, 400);
  EXPECT_EQ(Call(kAuditor, "GET", "/v1/indicators/werk.uitstroom/report?unit=atlantis").status, 404);
  EXPECT_EQ(Call(kAuditor, "GET", "/v1/indicators/no.such/report").status, 404);
  EXPECT_EQ(Call("", "GET", "/v1/indicators/werk.uitstroom/report").status, 401);
  EXPECT_EQ(Call(kLoader, "GET", "/v1/indicators/werk.uitstroom/report").status, 403);
}

TEST_F(ReportViewTest, TheCliWritesTheReportFileAndNothingOnAnError) {
  std::filesystem::path out = dir_ / "reports" / "uitstroom.html";
  std::filesystem::create_directories(out.parent_path());
  auto written = Cli(kAuditor, {"report", "--indicator", "werk.uitstroom", "--out", out.string()});
  ASSERT_EQ(written.exit_code, 0) << written.output;
  EXPECT_NE(written.output.find("written to"), std::string::npos);
  std::string html = testing::ReadFile(out);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(CountOccurrences(testing::ElementFrom(html, "<svg class=\"chart\"", "</svg>"), "<circle class=\"point\""),
            36u);
  EXPECT_EQ(CountOccurrences(html, "<script"), 0u);
  EXPECT_NE(html.find("id=\"alert-" + std::to_string(alert_id_) + "\""), std::string::npos);
  std::printf("[ report ] HTML report of werk.uitstroom: %zu bytes\n", html.size());

  std::filesystem::path csv = dir_ / "reports" / "uitstroom.csv";
  auto exported = Cli(kAuditor, {"report", "--indicator", "werk.uitstroom", "--unit", "zwolle", "--from", "2024-01",
                                 "--to", "2024-06", "--format", "csv", "--locale", "nl", "--out", csv.string()});
  ASSERT_EQ(exported.exit_code, 0) << exported.output;
  std::string text = testing::ReadFile(csv);
  EXPECT_EQ(text.rfind("\xEF\xBB\xBFrecord;indicator;", 0), 0u);
  EXPECT_EQ(CountOccurrences(text, "\r\npoint;"), 6u);
  EXPECT_NE(text.find("\r\nrestatement;werk.uitstroom;zwolle;2024-03;33;"), std::string::npos) << text;

  auto refused = Cli(kAuditor, {"report", "--indicator", "no.such", "--out", (dir_ / "reports" / "x.html").string()});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.output.find("not declared"), std::string::npos) << refused.output;
  auto forbidden = Cli(kLoader, {"report", "--indicator", "werk.uitstroom", "--out", out.string()});
  EXPECT_EQ(forbidden.exit_code, 1);
  // Only the two reports: no partial or temporary files.
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir_ / "reports")) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"uitstroom.csv", "uitstroom.html"}));
  EXPECT_EQ(testing::ReadFile(out), html);  // the refused call left the old file alone
}

TEST_F(ReportViewTest, TheWebPagesNeedAReadersTokenAndShowIndicatorsAndHistories) {
  auto anonymous = Call("", "GET", "/ui/");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(anonymous.content_type, "text/html; charset=utf-8");
  EXPECT_NE(anonymous.body.find("action=\"/ui/login\""), std::string::npos);
  EXPECT_EQ(Call(kLoader, "GET", "/ui/").status, 403);
  auto index = Call(kAuditor, "GET", "/ui/");
  ASSERT_EQ(index.status, 200);
  EXPECT_EQ(CountOccurrences(index.body, "<tr class=\"indicator\">"), 2u);
  EXPECT_NE(index.body.find("href=\"/ui/indicators/werk.uitstroom\">Uitstroom naar werk</a>"), std::string::npos);
  auto page = Call(kController, "GET", "/ui/indicators/werk.uitstroom");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("1 of 1 alerts shown"), std::string::npos);
  EXPECT_NE(page.body.find("<form class=\"filter\" method=\"get\""), std::string::npos);
  auto filtered = Call(kAuditor, "GET", "/ui/indicators/werk.uitstroom?status=closed&severity=&rule=");
  ASSERT_EQ(filtered.status, 200);
  EXPECT_NE(filtered.body.find("0 of 1 alerts shown"), std::string::npos);
  EXPECT_EQ(Call(kAuditor, "GET", "/ui/indicators/werk.uitstroom?from=2024-13").status, 400);
  EXPECT_EQ(Call(kAuditor, "GET", "/ui/indicators/no.such").status, 404);
  // Signing in: a good token is a redirect (with the cookie), a bad one the sign-in page.
  EXPECT_EQ(Call("", "POST", "/ui/login", "token=" + kAuditor, "application/x-www-form-urlencoded").status, 303);
  auto wrong = Call("", "POST", "/ui/login", "token=guess", "application/x-www-form-urlencoded");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_NE(wrong.body.find("That token is not known"), std::string::npos);
  EXPECT_TRUE(Json(Call(kAuditor, "GET", "/v1/audit/verify")).at("ok").as_bool());
}

// --- headless Chromium over WebDriver ---

constexpr const char* kChromium = "/usr/bin/chromium";
constexpr const char* kChromedriver = "/usr/bin/chromedriver";
constexpr const char* kElementKey = "element-6066-11e4-a52e-4f735466cecf";

// A chromedriver process and one browser session, driven over the W3C WebDriver protocol.
class Browser {
 public:
  explicit Browser(const std::filesystem::path& log) {
    port_ = testing::FreeLoopbackPort();
    pid_ = testing::Spawn({kChromedriver, "--port=" + std::to_string(port_)}, log, "");
  }
  ~Browser() {
    if (!session_.empty()) Send("DELETE", "/session/" + session_);
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
  }

  // Waits for chromedriver and opens a headless session; false when either fails.
  bool Open() {
    bool ready = false;
    for (int attempt = 0; attempt < 200 && !ready; ++attempt) {
      Result<client::HttpReply> reply = client::HttpCall(url(), "GET", "/status");
      ready = reply.ok() && reply->status == 200 && Parse(reply->body).at("value").at("ready").as_bool();
      if (!ready) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (!ready) return false;
    boost::json::object options{{"binary", kChromium},
                                {"args", boost::json::array{"--headless=new", "--no-sandbox", "--disable-gpu",
                                                            "--disable-dev-shm-usage", "--window-size=1280,1800"}}};
    boost::json::object capabilities{
        {"capabilities", {{"alwaysMatch", {{"browserName", "chrome"}, {"goog:chromeOptions", options}}}}}};
    boost::json::value reply = Send("POST", "/session", capabilities);
    const boost::json::value* id = reply.at("value").as_object().if_contains("sessionId");
    if (id == nullptr) return false;
    session_ = std::string(id->as_string());
    return true;
  }

  void Go(const std::string& address) { Command("POST", "/url", boost::json::object{{"url", address}}); }
  std::string CurrentUrl() { return std::string(Command("GET", "/url").as_string()); }
  // The element matching a CSS selector (or "link text" when `using` says so); "" if none.
  std::string Find(const std::string& selector, const std::string& using_strategy = "css selector") {
    boost::json::value found =
        Command("POST", "/element", boost::json::object{{"using", using_strategy}, {"value", selector}});
    const boost::json::value* id = found.is_object() ? found.as_object().if_contains(kElementKey) : nullptr;
    return id == nullptr ? "" : std::string(id->as_string());
  }
  void Click(const std::string& element) { Command("POST", "/element/" + element + "/click", boost::json::object{}); }
  void Type(const std::string& element, const std::string& text) {
    Command("POST", "/element/" + element + "/value", boost::json::object{{"text", text}});
  }
  std::string PageText() {
    std::string body = Find("body");
    return body.empty() ? "" : std::string(Command("GET", "/element/" + body + "/text").as_string());
  }
  // A click on a link or a submit button returns before the next page may have loaded: polls
  // (quietly; the old page may be going away) until the URL contains `url_part` and the page
  // text contains `text`, for up to 30 s; returns the last text seen.
  std::string WaitForPage(const std::string& url_part, const std::string& text) {
    std::string seen;
    for (int attempt = 0; attempt < 300; ++attempt) {
      boost::json::value address = Send("GET", "/session/" + session_ + "/url", nullptr, true).at("value");
      boost::json::value body = Send("POST", "/session/" + session_ + "/element",
                                     boost::json::object{{"using", "css selector"}, {"value", "body"}}, true)
                                    .at("value");
      const boost::json::value* id = body.is_object() ? body.as_object().if_contains(kElementKey) : nullptr;
      if (id != nullptr) {
        boost::json::value content =
            Send("GET", "/session/" + session_ + "/element/" + std::string(id->as_string()) + "/text", nullptr, true)
                .at("value");
        if (content.is_string()) seen = std::string(content.as_string());
      }
      if (address.is_string() && address.as_string().find(url_part) != boost::json::string::npos &&
          seen.find(text) != std::string::npos) {
        return seen;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "no page with '" << url_part << "' in its URL and '" << text << "' in its text; last text:\n"
                  << seen;
    return seen;
  }
  // The PNG of the current viewport.
  std::string Screenshot() { return Decode(Command("GET", "/screenshot")); }
  // The page printed to PDF on A4 portrait (what the print CSS makes of it).
  std::string PrintA4() {
    return Decode(Command("POST", "/print",
                          boost::json::object{{"orientation", "portrait"},
                                              {"page", {{"width", 21.0}, {"height", 29.7}}}}));
  }

 private:
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  static std::string Decode(const boost::json::value& base64) {
    if (!base64.is_string()) return "";
    std::string_view encoded = base64.as_string();
    std::string bytes(boost::beast::detail::base64::decoded_size(encoded.size()), '\0');
    auto [written, read] = boost::beast::detail::base64::decode(bytes.data(), encoded.data(), encoded.size());
    bytes.resize(written);
    return bytes;
  }
  static boost::json::value Parse(const std::string& body) {
    boost::system::error_code error;
    boost::json::value json = boost::json::parse(body, error);
    return error ? boost::json::value(boost::json::object{{"value", nullptr}}) : json;
  }
  // One WebDriver call; `quiet` when a failure is expected while polling.
  boost::json::value Send(const std::string& method, const std::string& path,
                          const boost::json::value& body = nullptr, bool quiet = false) {
    Result<client::HttpReply> reply =
        client::HttpCall(url(), method, path, body.is_null() ? "" : boost::json::serialize(body),
                         body.is_null() ? "" : "application/json", "", std::chrono::seconds(90));
    if (!quiet) {
      EXPECT_TRUE(reply.ok()) << reply.status().ToString();
    }
    if (!reply.ok()) return boost::json::object{{"value", nullptr}};
    if (!quiet) {
      EXPECT_EQ(reply->status, 200) << method << " " << path << ": " << reply->body;
    }
    return Parse(reply->body);
  }
  boost::json::value Command(const std::string& method, const std::string& path,
                             const boost::json::value& body = nullptr) {
    boost::json::value reply = Send(method, "/session/" + session_ + path, body);
    return reply.at("value");
  }

  int port_ = 0;
  pid_t pid_ = -1;
  std::string session_;
};

TEST_F(ReportViewTest, HeadlessChromiumSignsInOpensAnIndicatorFiltersAndSavesAScreenshot) {
  ASSERT_TRUE(std::filesystem::exists(kChromium)) << kChromium << " missing: make deps installs chromium";
  ASSERT_TRUE(std::filesystem::exists(kChromedriver)) << kChromedriver << " missing: make deps installs chromium-driver";
  std::filesystem::path artifacts = std::filesystem::path(KPIWATCH_BINARY_DIR) / "test-artifacts";
  std::filesystem::create_directories(artifacts);
  Browser browser(artifacts / "chromedriver.log");
  ASSERT_TRUE(browser.Open()) << testing::ReadFile(artifacts / "chromedriver.log");

  // Without the cookie /ui/ is the sign-in page; the form signs in and lands on /ui/.
  browser.Go(daemon_->url() + "/ui/");
  std::string token_field = browser.Find("input[name=token]");
  ASSERT_FALSE(token_field.empty()) << browser.PageText();
  browser.Type(token_field, kAuditor);
  browser.Click(browser.Find("button[type=submit]"));
  std::string index = browser.WaitForPage("/ui/", "kpiwatch: indicators");
  EXPECT_EQ(browser.CurrentUrl(), daemon_->url() + "/ui/");
  EXPECT_NE(index.find("Uitstroom naar werk"), std::string::npos) << index;
  EXPECT_NE(index.find("Duurzaam aan het werk"), std::string::npos);

  // Open the indicator by its link, as a reader would.
  std::string link = browser.Find("Uitstroom naar werk", "link text");
  ASSERT_FALSE(link.empty());
  browser.Click(link);
  std::string page = browser.WaitForPage("/ui/indicators/werk.uitstroom", "Audit chain");
  EXPECT_EQ(browser.CurrentUrl(), daemon_->url() + "/ui/indicators/werk.uitstroom");
  EXPECT_NE(page.find("Uitstroom naar werk"), std::string::npos);
  EXPECT_NE(page.find("Alert #" + std::to_string(alert_id_) + ": level-shift"), std::string::npos) << page;
  EXPECT_NE(page.find("Interpretation: genuine_change by carla"), std::string::npos) << page;
  EXPECT_NE(page.find(kNote), std::string::npos);
  EXPECT_NE(page.find("1 of 1 alerts shown"), std::string::npos);
  EXPECT_NE(page.find("intact"), std::string::npos);
  EXPECT_FALSE(browser.Find("svg.chart circle.point").empty());
  std::string png = browser.Screenshot();
  ASSERT_GT(png.size(), 1000u);
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  std::filesystem::path shot = artifacts / "ui_indicator_page.png";
  WriteFile(shot, png);
  std::printf("[ report ] screenshot %s (%zu bytes)\n", shot.c_str(), png.size());
  // Printed on A4: a PDF whose pages are 21 x 29.7 cm (595.92 x 841.92 points).
  std::string pdf = browser.PrintA4();
  ASSERT_EQ(pdf.substr(0, 5), "%PDF-");
  EXPECT_NE(pdf.find("/MediaBox [0 0 595.91998 841.91998]"), std::string::npos);
  std::filesystem::path printed = artifacts / "ui_indicator_page_a4.pdf";
  WriteFile(printed, pdf);
  std::printf("[ report ] A4 print %s (%zu bytes, %zu pages)\n", printed.c_str(), pdf.size(),
              CountOccurrences(pdf, "/Type /Page\n"));

  // The alert filter is a plain form: choose "closed" and submit.
  browser.Click(browser.Find("form.filter select[name=status] option[value=closed]"));
  browser.Click(browser.Find("form.filter button[type=submit]"));
  EXPECT_NE(browser.WaitForPage("status=closed", "Audit chain").find("0 of 1 alerts shown"), std::string::npos);
}

}  // namespace
}  // namespace kpiwatch

#include "daemon/notify/smtp_transport.h"

#include <curl/curl.h>

#include <cstring>
#include <mutex>

namespace kpiwatch::notify {
namespace {

struct UploadState {
  const std::string* data;
  std::size_t offset = 0;
};

std::size_t ReadChunk(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* state = static_cast<UploadState*>(user);
  std::size_t room = size * count;
  std::size_t left = state->data->size() - state->offset;
  std::size_t n = left < room ? left : room;
  std::memcpy(buffer, state->data->data() + state->offset, n);
  state->offset += n;
  return n;
}

// Whether a curl error is worth retrying (the server or network may recover).
bool IsTransient(CURLcode code, long response_code) {
  if (response_code >= 500 && response_code < 600) return false;
  switch (code) {
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_LOGIN_DENIED:
      return false;
    default:
      return true;
  }
}

struct CurlHandle {
  CURL* curl = curl_easy_init();
  curl_slist* recipients = nullptr;
  ~CurlHandle() {
    curl_slist_free_all(recipients);
    if (curl != nullptr) curl_easy_cleanup(curl);
  }
};

}  // namespace

SmtpTransport::SmtpTransport(SmtpSettings settings) : settings_(std::move(settings)) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string SmtpTransport::Describe() const {
  return std::string(settings_.tls == SmtpTls::kImplicit ? "smtps://" : "smtp://") +
         settings_.host + ":" + std::to_string(settings_.port) + " (" + SmtpTlsName(settings_.tls) +
         ")";
}

Status SmtpTransport::Send(const OutgoingMail& mail) {
  CurlHandle handle;
  if (handle.curl == nullptr) return Status::Internal("curl_easy_init failed");
  CURL* curl = handle.curl;
  std::string url = std::string(settings_.tls == SmtpTls::kImplicit ? "smtps://" : "smtp://") +
                    settings_.host + ":" + std::to_string(settings_.port);
  std::string from = "<" + mail.from + ">";
  for (const auto& recipient : mail.recipients) {
    handle.recipients = curl_slist_append(handle.recipients, ("<" + recipient + ">").c_str());
  }
  UploadState upload{&mail.data};
  char error_buffer[CURL_ERROR_SIZE] = {0};

  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, handle.recipients);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadChunk);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(mail.data.size()));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(settings_.connect_timeout.count() * 1000));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(settings_.timeout.count() * 1000));
  if (settings_.tls != SmtpTls::kNone) {
    curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    if (!settings_.verify_peer) {
      curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
      curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
    }
  }
  if (!settings_.username.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, settings_.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, settings_.password.c_str());
  }

  CURLcode code = curl_easy_perform(curl);
  if (code == CURLE_OK) return Status::Ok();
  long response_code = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response_code);
  std::string message =
      "sending " + mail.message_id + " to " + Describe() + " failed: " + curl_easy_strerror(code);
  if (error_buffer[0] != '\0') message += " (" + std::string(error_buffer) + ")";
  if (response_code != 0) message += "; last SMTP reply " + std::to_string(response_code);
  return Status(
      IsTransient(code, response_code) ? StatusCode::kUnavailable : StatusCode::kFailedPrecondition,
      message);
}

}  // namespace kpiwatch::notify

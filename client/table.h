// Plain-text tables for the CLI's human-readable output.
#pragma once

#include <string>
#include <vector>

namespace kpiwatch::client {

// Renders rows under a header, columns padded to their widest cell (UTF-8 aware),
// numbers right-aligned. Each row must have as many cells as the header.
std::string RenderTable(const std::vector<std::string>& header,
                        const std::vector<std::vector<std::string>>& rows);

}  // namespace kpiwatch::client

// page_kind_name() for reports and counterexamples (see page.hpp).
#include "model/page.hpp"

namespace tagrace::model {

const char* page_kind_name(PageKind k) {
  switch (k) {
    case PageKind::Normal: return "ZONE_NORMAL";
    case PageKind::Movable: return "ZONE_MOVABLE";
    case PageKind::DeviceFsDax: return "ZONE_DEVICE/FS_DAX";
    case PageKind::DeviceCoherent: return "ZONE_DEVICE/DEVICE_COHERENT";
    case PageKind::DevicePrivate: return "ZONE_DEVICE/DEVICE_PRIVATE";
    case PageKind::PfnMap: return "PFNMAP (no struct page)";
  }
  return "?";
}

}  // namespace tagrace::model

import Foundation
import CLibXML2
import ZIPFoundation

/// libxml2's version, for `accord --version` style reports and tests.
public enum LibXML2Info {
    public static var version: String { LIBXML_DOTTED_VERSION }
}

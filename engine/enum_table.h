// One table per enum: the name files and the command line use, other spellings it accepts, the label people read,
// and the list of all values in their order. name(), label(), fromName() and all() come from the table, so a new
// value is one line and every reader and writer agrees on it. fromName() ignores case and takes '-' for '_'.
#pragma once
#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace engine {

template <class E> class EnumTable {
public:
    struct Entry {
        E value;
        std::string_view name;     // in files and on the command line: "leaky_relu"
        std::string_view label;    // what people read: "Leaky ReLU"
        std::string_view aliases;  // other accepted names, '|'-separated: "leakyrelu|lrelu"
    };

    EnumTable(std::initializer_list<Entry> entries) : m_entries(entries) {
        for (const Entry& e : m_entries) m_all.push_back(e.value);
    }

    const std::vector<E>& all() const { return m_all; }
    std::string name(E v) const { return std::string(find(v).name); }
    std::string label(E v) const { return std::string(find(v).label); }

    std::optional<E> fromName(std::string_view text) const {
        const std::string wanted = normal(text);
        for (const Entry& e : m_entries) {
            if (normal(e.name) == wanted || normal(e.label) == wanted) return e.value;
            for (std::string_view rest = e.aliases; !rest.empty();) {
                const std::size_t bar = rest.find('|');
                if (normal(rest.substr(0, bar)) == wanted) return e.value;
                rest = bar == std::string_view::npos ? std::string_view() : rest.substr(bar + 1);
            }
        }
        return std::nullopt;
    }

private:
    const Entry& find(E v) const {
        for (const Entry& e : m_entries)
            if (e.value == v) return e;
        return m_entries.front();  // unreachable for a value of the enum: every value has its line
    }
    static std::string normal(std::string_view s) {
        std::string n(s);
        std::transform(n.begin(), n.end(), n.begin(),
                       [](unsigned char c) { return char(c == '-' ? '_' : std::tolower(c)); });
        return n;
    }

    std::vector<Entry> m_entries;
    std::vector<E> m_all;
};

}  // namespace engine

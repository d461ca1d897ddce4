#pragma once
// A flat open-addressing table keyed by work id: the pool's _pending_work_items and the
// work id -> future id map of the worker rings. A node-based std::unordered_map
// allocates and frees a node per task, about a fifth of a round trip's malloc/free;
// this table allocates only when it grows.
//
// Work ids are handed out in order (queue_count), and the live ones are a sliding
// window of at most the tasks not yet done, so the identity hash puts each live id in
// a slot of its own until the window outgrows the table. Robin Hood linear probing
// keeps any other keys findable in short runs, and lets a deletion stop at the first
// entry that sits in its home slot: plain backward-shift deletion would walk the whole
// run of live ids (thousands, when every task is submitted before the first result).

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace poolscope {

template <class V> class WorkIdMap
{
public:
    std::size_t size() const noexcept { return m_size; }
    bool empty() const noexcept { return m_size == 0; }

    V* find(std::int64_t key) noexcept
    {
        const std::size_t i = indexOf(key);
        return i == kAbsent ? nullptr : &m_slots[i].value;
    }

    // Inserts or replaces the value under `key`.
    void assign(std::int64_t key, V value)
    {
        if (const std::size_t i = indexOf(key); i != kAbsent) {
            m_slots[i].value = std::move(value);
            return;
        }
        if ((m_size + 1) * 2 > m_slots.size())
            grow();
        insertAbsent(key, std::move(value));
    }

    // Moves the value under `key` into `out` and removes it; false when absent.
    bool take(std::int64_t key, V& out)
    {
        const std::size_t i = indexOf(key);
        if (i == kAbsent)
            return false;
        out = std::move(m_slots[i].value);
        eraseAt(i);
        return true;
    }

    bool erase(std::int64_t key)
    {
        const std::size_t i = indexOf(key);
        if (i == kAbsent)
            return false;
        eraseAt(i);
        return true;
    }

    void clear()
    {
        for (Slot& s : m_slots)
            if (s.used)
                s = Slot{};
        m_size = 0;
    }

    // f(key, value&) for every entry, in no particular order.
    template <class F> void forEach(F&& f)
    {
        for (Slot& s : m_slots)
            if (s.used)
                f(s.key, s.value);
    }

private:
    struct Slot
    {
        std::int64_t key = 0;
        bool used = false;
        V value{};
    };

    std::size_t home(std::int64_t key) const noexcept { return static_cast<std::size_t>(key) & m_mask; }
    // How far slot i's entry sits past its home slot.
    std::size_t distance(std::size_t i) const noexcept { return (i - home(m_slots[i].key)) & m_mask; }
    static constexpr std::size_t kAbsent = ~std::size_t{0};
    std::size_t indexOf(std::int64_t key) const noexcept
    {
        if (m_size == 0)
            return kAbsent;
        for (std::size_t i = home(key), d = 0;; i = (i + 1) & m_mask, ++d) {
            const Slot& s = m_slots[i];
            // An entry nearer its home than we are to ours: ours would have displaced it.
            if (!s.used || distance(i) < d)
                return kAbsent;
            if (s.key == key)
                return i;
        }
    }

    // Robin Hood: the entry further from its home takes the slot; the other moves on.
    void insertAbsent(std::int64_t key, V value)
    {
        Slot carried{key, true, std::move(value)};
        for (std::size_t i = home(key), d = 0;; i = (i + 1) & m_mask, ++d) {
            Slot& s = m_slots[i];
            if (!s.used) {
                s = std::move(carried);
                ++m_size;
                return;
            }
            if (const std::size_t theirs = distance(i); theirs < d) {
                std::swap(s, carried);
                d = theirs;
            }
        }
    }

    // Backward-shift deletion: each following entry that is away from its home moves
    // one slot back; the first one at home (or an empty slot) ends the shift.
    void eraseAt(std::size_t hole)
    {
        for (std::size_t j = (hole + 1) & m_mask; m_slots[j].used && distance(j) > 0; j = (j + 1) & m_mask) {
            m_slots[hole] = std::move(m_slots[j]);
            hole = j;
        }
        m_slots[hole] = Slot{};
        --m_size;
    }

    void grow()
    {
        std::vector<Slot> old = std::move(m_slots);
        const std::size_t capacity = old.empty() ? 16 : old.size() * 2;
        m_slots = std::vector<Slot>(capacity);
        m_mask = capacity - 1;
        m_size = 0;
        for (Slot& s : old)
            if (s.used)
                insertAbsent(s.key, std::move(s.value));
    }

    std::vector<Slot> m_slots;
    std::size_t m_mask = 0;
    std::size_t m_size = 0;
};

} // namespace poolscope

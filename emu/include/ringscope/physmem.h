/* Guest physical memory as the host sees it: RAM at physical 0, nothing else.
 *
 * The machine owns the RAM buffer (it is also mapped into Unicorn with uc_mem_map_ptr, so these
 * accesses and the guest's own see the same bytes). Reads outside RAM return all ones, like an
 * unclaimed bus; writes outside RAM are dropped. Writes here do not invalidate code Unicorn has
 * translated: callers that patch guest code must call uc_ctl_remove_cache themselves. */
#ifndef RS_PHYSMEM_H
#define RS_PHYSMEM_H
#include <stdint.h>
#include <string.h>

typedef struct rs_physmem {
    uint8_t *ram;
    uint64_t size;
} rs_physmem;

static inline int rs_phys_in_ram(const rs_physmem *pm, uint64_t pa, uint64_t len)
{
    return pa < pm->size && len <= pm->size - pa;
}

static inline uint32_t rs_phys_read32(const rs_physmem *pm, uint64_t pa)
{
    uint32_t v = 0xffffffffu;
    if (rs_phys_in_ram(pm, pa, 4))
        memcpy(&v, pm->ram + pa, 4);
    return v;
}

static inline void rs_phys_write32(const rs_physmem *pm, uint64_t pa, uint32_t v)
{
    if (rs_phys_in_ram(pm, pa, 4))
        memcpy(pm->ram + pa, &v, 4);
}

#endif

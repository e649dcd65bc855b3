/* Two threads hammer neighbouring bytes of one 8-byte guest word: the hyperupcall (fired FIRES
 * times on vCPU 0, in the engine named on the command line) adds to a u8 and subtracts from a u16
 * with __sync builtins, while a host thread adds to the byte and the u16 next to them with the
 * hardware's locked instructions. Every operation must happen exactly once: the final values are
 * the counts, whatever the interleaving. Prints "exact" or what differs. Usage: OBJECT ENGINE
 * FIRES. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <hupcall/huhost.h>

#define BASE 0xffff888000000000ull
#define SIZE 0x10000ull
#define OPS_PER_FIRE 32 /* the hyperupcall's operations on each of its fields per run */

/* The word: mine (u8), host (u8), mine16 (u16), host16 (u16), two bytes unused. */
static uint8_t *word;
static int stop;
static uint64_t host_ops;

static void *hammer(void *arg)
{
    (void)arg;
    while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
        __atomic_fetch_add(&word[1], 1, __ATOMIC_SEQ_CST);
        __atomic_fetch_add((uint16_t *)(void *)(word + 4), 1, __ATOMIC_SEQ_CST);
        __atomic_store_n(&host_ops, host_ops + 1, __ATOMIC_RELEASE);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    struct hu_vm_opts vo = {.guest_mem_size = 1ull << 32, .n_vcpus = 1};
    struct hu_event_args ev = {.args = {BASE + 0x100}};
    struct hu_reg_opts ro = {0};
    struct hu_object *obj = NULL;
    struct hu_window *w = NULL;
    struct hu_vm *vm = NULL;
    char err[1024];
    pthread_t t;
    uint64_t r0, n = 0;

    if (argc != 4)
        return 2;
    long fires = strtol(argv[3], NULL, 0);
    vo.engine = strcmp(argv[2], "jit") == 0 ? HU_ENGINE_JIT : HU_ENGINE_INTERP;
    uint8_t *buf =
        mmap(NULL, SIZE + HU_GUARD_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (buf == MAP_FAILED ||
        hu_window_wrap(BASE, SIZE, buf, SIZE + HU_GUARD_SIZE, &w, err, sizeof(err)) ||
        hu_object_open_file(argv[1], &obj, err, sizeof(err)) ||
        hu_vm_create(&vo, &vm, err, sizeof(err)))
        return printf("setup: %s\n", err), 1;
    ro.window = w;
    if (hu_register(vm, obj, &ro, err, sizeof(err)) < 1)
        return printf("register: %s\n", err), 1;
    word = buf + 0x100;
    if (pthread_create(&t, NULL, hammer, NULL))
        return 1;
    while (__atomic_load_n(&host_ops, __ATOMIC_ACQUIRE) < 1000)
        ; /* the host thread is running */
    /* At least `fires` runs, and on until the host thread has worked alongside them (on a busy
     * machine it may not have been scheduled at first), at most 10 times as many. */
    uint64_t start = __atomic_load_n(&host_ops, __ATOMIC_ACQUIRE);
    for (long i = 0; i < fires || (__atomic_load_n(&host_ops, __ATOMIC_ACQUIRE) - start < 200000 &&
                                   i < 10 * fires);
         i++, n++)
        if (hu_fire(vm, HU_EVENT_AGING, &ev, &r0) != 1)
            return printf("fire failed\n"), 1;
    __atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
    pthread_join(t, NULL);

    uint64_t mine = n * OPS_PER_FIRE;
    uint16_t mine16, host16;
    memcpy(&mine16, word + 2, 2);
    memcpy(&host16, word + 4, 2);
    int exact = word[0] == (uint8_t)mine && mine16 == (uint16_t)-mine &&
                word[1] == (uint8_t)host_ops && host16 == (uint16_t)host_ops;
    if (exact)
        printf("exact\n");
    else
        printf("lost: u8 %u (want %u), u16 %u (want %u), host u8 %u u16 %u (want %u)\n", word[0],
               (uint8_t)mine, mine16, (uint16_t)-mine, word[1], host16, (uint16_t)host_ops);
    hu_vm_destroy(vm);
    hu_object_close(obj);
    hu_window_free(w);
    return !exact;
}

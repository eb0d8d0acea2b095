/* The gdb stub's protocol and bad-input tests, from a raw client (rsp_wire.h): what gdb itself
 * never sends (bad checksums, malformed and oversized packets, garbage, a second client, hanging
 * up mid-packet and mid-run) and the exact replies to what it does send.
 *
 * usage: rsp_client PORT   against `ringscope run --gdb 0 --gdb-wait LOOP` where LOOP is
 *                          tests/cli/loop.asm built as it is (a Multiboot kernel at 1 MiB that
 *                          spins at 0x00100020)
 * Prints "ok: ..." per check and "FAIL: ..." per failure; exits 1 if any failed. Ends with k, so
 * the server exits (status 18). Every wait has a time limit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "rsp_wire.h"

#define SPIN_HEX "20001000"      /* EIP 0x00100020 as gdb sees it: little-endian bytes */

static void handshake(int fd)
{
    send_str(fd, "qSupported:multiprocess+;swbreak+;hwbreak+;xmlRegisters=i386");
    check(read_packet(fd, 1, 0) && strstr(reply, "PacketSize=4000") && strstr(reply, "qXfer:features:read+") &&
          strstr(reply, "swbreak+") && strstr(reply, "hwbreak+") && strstr(reply, "QStartNoAckMode+"),
          "qSupported: %s", reply);
    expect_reply(fd, "?", "T05thread:1;");
}

static void bad_checksums(int fd)
{
    send_raw(fd, "$?#00", 5);
    check(read_byte(fd) == '-', "a bad checksum is NAKed");
    send_raw(fd, "$?#zz", 5);
    check(read_byte(fd) == '-', "a checksum that is not hex is NAKed");
    expect_reply(fd, "?", "T05thread:1;");
}

static void unknown_and_malformed(int fd)
{
    static const char *const unknown[] = { "qFooBar", "vFoo", "!", "b", "QBar:1", "qTStatus", "vMustReplyEmpty", "" };
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
        expect_reply(fd, unknown[i], "");
    static const char *const malformed[] = {
        "m", "mzz,4", "m0", "m0,", "m123456789,1", "M0,2:zzzz", "M0,4:00", "X0,4:ab", "X0,1:}", "Z9,0,1",
        "Z0,zz", "Z0,0", "Z2,0,0", "p999", "p", "P0", "P0=12", "Pzz=00000000", "G00", "cQQ", "C", "S1ff",
        "vCont;x", "vCont;", "vCont;c:2", "qXfer:features:read:target.xml:0", "qRcmd,zz", "qRcmd,6",
    };
    for (size_t i = 0; i < sizeof malformed / sizeof malformed[0]; i++)
        expect_prefix(fd, malformed[i], "E");
    expect_reply(fd, "qXfer:features:read:other.xml:0,10", "E00");
}

static void oversized_and_garbage(int fd)
{
    size_t n = 20000;
    char *big = malloc(n);
    memset(big, 'a', n);
    send_packet(fd, big, n);
    check(read_packet(fd, 1, 0) && reply[0] == 'E', "a 20000-byte packet -> an error reply (got '%s')", reply);
    free(big);
    unsigned seed = 12345;
    char junk[5000];
    for (size_t i = 0; i < sizeof junk; i++) {
        seed = seed * 1103515245u + 12345u;
        junk[i] = (char)(seed >> 16);
        if (junk[i] == 3)
            junk[i] = 4;    /* Ctrl-C means something; the rest is noise */
    }
    send_raw(fd, junk, sizeof junk);
    send_raw(fd, "#00", 3);                 /* end whatever packet the noise started */
    usleep(100000);
    send_raw(fd, "+", 1);
    send_str(fd, "?");
    int found = 0;
    for (int i = 0; i < 20 && !found && read_packet(fd, 1, 0); i++)
        found = !strcmp(reply, "T05thread:1;");
    check(found, "5000 bytes of noise, then '?' is still answered");
}

static void registers(int fd)
{
    send_str(fd, "g");
    int got = read_packet(fd, 1, 0);
    size_t len = got ? strlen(reply) : 0;
    check(len == 2 * 252 && !strncmp(reply + 8 * 8, SPIN_HEX, 8), "g: 252 bytes, EIP 0x00100020 (%zu hex digits)", len);
    expect_reply(fd, "p8", SPIN_HEX);
    expect_reply(fd, "P0=78563412", "OK");
    expect_reply(fd, "p0", "78563412");
    expect_reply(fd, "p20", "11000060");           /* cr0 = 0x60000011 */
    expect_reply(fd, "P20=11000060", "OK");        /* the value it has: fine */
    expect_reply(fd, "P20=11000000", "E01");       /* another: not writable */
    expect_reply(fd, "p22", "00000000");           /* cr3 */
}

static void target_xml(int fd)
{
    char xml[16384] = "";
    for (unsigned off = 0; strlen(xml) < sizeof xml - 200;) {
        char q[80];
        snprintf(q, sizeof q, "qXfer:features:read:target.xml:%x,c8", off);
        send_str(fd, q);
        if (!read_packet(fd, 1, 0) || (reply[0] != 'm' && reply[0] != 'l'))
            break;
        strcat(xml, reply + 1);
        off += (unsigned)strlen(reply + 1);
        if (reply[0] == 'l')
            break;
    }
    check(strstr(xml, "<architecture>i386</architecture>") && strstr(xml, "org.gnu.gdb.i386.core") &&
          strstr(xml, "name=\"cr3\"") && strstr(xml, "</target>"), "target.xml read in 200-byte pieces (%zu bytes)",
          strlen(xml));
}

static void memory(int fd)
{
    expect_reply(fd, "m100000,4", "02b0ad1b");      /* the Multiboot magic */
    expect_reply(fd, "mf0000000,4", "E14");         /* above RAM */
    expect_reply(fd, "m0,0", "");
    expect_reply(fd, "M200000,4:01020304", "OK");
    expect_reply(fd, "m200000,4", "01020304");
    send_packet(fd, "X200000,4:}]}\x03}\x04}\x0a", 18);  /* 7d 23 24 2a, escaped */
    check(read_packet(fd, 1, 0) && !strcmp(reply, "OK"), "X with escaped bytes -> OK (got '%s')", reply);
    expect_reply(fd, "m200000,4", "7d23242a");
    expect_reply(fd, "Mf0000000,1:00", "E14");
}

static void run_control(int fd)
{
    expect_reply(fd, "s", "T05thread:1;");
    expect_reply(fd, "Z0,100020,1", "OK");
    expect_reply(fd, "vCont;c", "T05swbreak:;thread:1;");
    expect_reply(fd, "z0,100020,1", "OK");
    expect_reply(fd, "Z1,100020,1", "OK");
    expect_reply(fd, "c", "T05hwbreak:;thread:1;");
    expect_reply(fd, "z1,100020,1", "OK");
    expect_reply(fd, "z1,100020,1", "OK");          /* twice: still fine */
    send_str(fd, "vCont;c");
    usleep(200000);
    send_raw(fd, "\x03", 1);
    check(read_packet(fd, 1, 0) && !strcmp(reply, "T02thread:1;"), "Ctrl-C while running -> T02 (got '%s')", reply);
    expect_reply(fd, "vCont?", "vCont;c;C;s;S");
    expect_reply(fd, "vCont;s:1", "T05thread:1;");
}

static void monitor(int fd)
{
    send_str(fd, "qRcmd,68656c70");                 /* help */
    int o = 0;
    while (read_packet(fd, 1, 1) && reply[0] == 'O' && reply[1] != 'K')
        o++;
    check(o > 0 && !strcmp(reply, "OK"), "monitor help: %d O packets, then OK", o);
    expect_reply(fd, "qRcmd,626f677573", "OK");     /* bogus: an error line, then OK */
    expect_reply(fd, "qRcmd,706879732030783130303030302031366b", "OK");   /* phys with a bad count */
}

/* A write into code that has run: the stub must flush the translated block. */
static void code_write(int fd)
{
    send_str(fd, "c");
    usleep(100000);
    send_raw(fd, "\x03", 1);
    check(read_packet(fd, 1, 0) && !strcmp(reply, "T02thread:1;"), "ran the loop, stopped (got '%s')", reply);
    expect_reply(fd, "P8=" SPIN_HEX, "OK");
    expect_reply(fd, "M100020,4:b005e6f4", "OK");  /* mov al, 5; out 0xf4, al */
    send_str(fd, "c");
    check(read_packet(fd, 1, 0) && !strcmp(reply, "W0b"), "the rewritten code exits: W0b (got '%s')", reply);
}

static void no_ack_mode(int fd)
{
    expect_reply(fd, "QStartNoAckMode", "OK");
    send_str(fd, "?");
    int c = read_byte(fd);
    check(c == '$', "no '+' after QStartNoAckMode (got '%c')", c);
    while (c >= 0 && c != '#')
        c = read_byte(fd);
    read_byte(fd), read_byte(fd);
}

static void second_client(void)
{
    int other = connect_stub();
    send_raw(other, "+", 1);
    send_str(other, "qSupported");
    check(read_packet(other, 1, 0) && strstr(reply, "another gdb client"), "a second client is told: %s", reply);
    check(read_byte(other) < 0, "and hung up on");
    close(other);
}

/* Hangs up mid-packet, then mid-run: the server waits for the next client, which finds the CPU
 * stopped. */
static int hang_ups(int fd)
{
    send_raw(fd, "$m100000,4", 10);
    close(fd);
    usleep(100000);
    fd = connect_stub();
    expect_reply(fd, "?", "T05thread:1;");
    send_str(fd, "c");
    usleep(100000);
    close(fd);
    usleep(100000);
    fd = connect_stub();
    expect_reply(fd, "?", "T05thread:1;");
    expect_reply(fd, "p8", SPIN_HEX);      /* stopped in the loop, or about to enter it */
    return fd;
}

int main(int argc, char **argv)
{
    if (argc != 2 || !(port = (unsigned short)atoi(argv[1]))) {
        fprintf(stderr, "usage: rsp_client PORT\n");
        return 2;
    }
    int fd = connect_stub();
    send_raw(fd, "+", 1);
    handshake(fd);
    bad_checksums(fd);
    unknown_and_malformed(fd);
    oversized_and_garbage(fd);
    registers(fd);
    target_xml(fd);
    memory(fd);
    run_control(fd);
    monitor(fd);
    second_client();
    fd = hang_ups(fd);
    code_write(fd);
    no_ack_mode(fd);
    send_str(fd, "k");
    check(read_byte(fd) < 0, "k: the server hangs up");
    close(fd);
    printf("%d failure(s)\n", failures);
    return failures != 0;
}

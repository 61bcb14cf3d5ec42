#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The guest runner and the kernel-test runner report what goes wrong:
# exit status carried out of the guest, a failing test, a dmesg splat, a
# guest kernel panic and a hung guest each give their own result.
. "$(dirname "$0")/../lib.sh"

VM=$MS_TOP/selftests/guest/vm.sh
RT=$MS_TOP/selftests/run_tests.sh
T=$(mktemp -d "$MS_O/vm-harness.XXXXXX")
trap 'rm -rf "$T"' EXIT
ms_plan 7

cat > "$T/fails.sh" <<'EOT'
#!/bin/bash
echo "ok 1 fine"
echo "not ok 2 broken"
exit 1
EOT
cat > "$T/splat.sh" <<'EOT'
#!/bin/bash
echo "<4>WARNING: CPU: 0 PID: 1 at mediasec/selftest.c:1 harness check" > /dev/kmsg
echo "ok 1 looks fine but the kernel complained"
EOT
cat > "$T/clean.sh" <<'EOT'
#!/bin/bash
echo "ok 1 clean"
EOT
chmod +x "$T"/*.sh

"$VM" -q -o "$T/run1" -- bash -c \
	"'$RT' -k '$T/clean.sh' '$T/fails.sh' '$T/splat.sh' > '$T/tap'; exit 7"
ms_check "exit status carried out of the guest" test $? = 7
ms_check "passing test counted" grep -q '^ok 1 selftests: mediasec: clean.sh' "$T/tap"
ms_check "failing test reported" grep -q '^not ok 2 selftests: mediasec: fails.sh' "$T/tap"
ms_check "dmesg splat fails the test that caused it" grep -q \
	'^not ok 3 selftests: mediasec: splat.sh # kernel splat in dmesg' "$T/tap"
ms_check "totals line" grep -qx '# totals: 3 passed, 2 failed, 0 skipped' "$T/tap"

"$VM" -q -o "$T/run2" -- sh -c 'echo c > /proc/sysrq-trigger; sleep 60' 2> "$T/err2"
rc=$?
ms_check "guest panic: exit 125 and says so" sh -c \
	"test $rc = 125 && grep -q 'GUEST KERNEL PANIC' '$T/err2'"

"$VM" -q -t 25 -o "$T/run3" -- sleep 600 2> "$T/err3"
rc=$?
ms_check "hung guest: killed, exit 124 and says so" sh -c \
	"test $rc = 124 && grep -q 'GUEST HUNG' '$T/err3'"
ms_exit

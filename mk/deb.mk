# SPDX-License-Identifier: GPL-2.0
# Debian packages (docs/operations.md, "Install"):
#
#   make deb    the packages, built by dpkg-buildpackage from the files git
#               tracks (debian/), then checked by lintian, into $(O)/deb
#
# debian/rules builds with the targets below: package-bin (what the
# packages carry that is built), package-install (mediasec's files under
# DESTDIR), package-install-dkms (the module's source for DKMS).

DEB_OUT		:= $(O)/deb
PKG_BPF		:= $(O)/bpf/mediasec_xdp.bpf.o
DKMS_VERSION	?= $(MS_VERSION)
DKMS_DIR	= $(DESTDIR)/usr/src/mediasec-$(DKMS_VERSION)

.PHONY: deb check-pkg package-bin package-install package-install-dkms

# The packages installed on a clean Debian 12 root and booted in the guest
# (scripts/pkg-test.sh); .ci/run runs it after make check.
check-pkg: build-all
	$(SRC)/scripts/pkg-test.sh "$(O)"

package-bin: $(MEDIASEC_CLI) $(MEDIASECD) $(PKG_BPF) $(RESOLVE_BTFIDS)

package-install: package-bin
	install -D -m 0755 $(MEDIASECD) $(DESTDIR)/usr/sbin/mediasecd
	install -D -m 0755 $(MEDIASEC_CLI) $(DESTDIR)/usr/sbin/mediasec
	install -D -m 0644 $(PKG_BPF) \
		$(DESTDIR)/usr/lib/mediasec/bpf/mediasec_xdp.bpf.o
	install -D -m 0755 $(RESOLVE_BTFIDS) \
		$(DESTDIR)/usr/lib/mediasec/resolve_btfids
	install -D -m 0755 $(KSRC)/scripts/extract-vmlinux \
		$(DESTDIR)/usr/lib/mediasec/extract-vmlinux
	install -D -m 0755 $(SRC)/packaging/datapath \
		$(DESTDIR)/usr/lib/mediasec/datapath
	install -D -m 0644 $(SRC)/packaging/mediasecd.conf \
		$(DESTDIR)/etc/mediasec/mediasecd.conf
	install -D -m 0644 $(SRC)/packaging/datapath.conf \
		$(DESTDIR)/etc/mediasec/datapath.conf
	install -D -m 0644 $(SRC)/docs/mediasec.8 \
		$(DESTDIR)/usr/share/man/man8/mediasec.8
	install -D -m 0644 $(SRC)/docs/mediasecd.8 \
		$(DESTDIR)/usr/share/man/man8/mediasecd.8
	install -D -m 0644 $(SRC)/docs/operations.md \
		$(DESTDIR)/usr/share/doc/mediasec/operations.md
	install -D -m 0644 $(SRC)/docs/mediasecd.md \
		$(DESTDIR)/usr/share/doc/mediasec/mediasecd.md

# The module's source as DKMS builds it: the tree's top Kbuild, kmod/ and
# the headers kmod/ includes from elsewhere; dkms.conf is dh_dkms's.
package-install-dkms:
	install -D -m 0644 $(SRC)/Kbuild $(DKMS_DIR)/Kbuild
	install -D -m 0644 -t $(DKMS_DIR)/kmod $(SRC)/kmod/Kbuild \
		$(SRC)/kmod/*.c $(SRC)/kmod/*.h
	install -D -m 0644 -t $(DKMS_DIR)/include/uapi/linux \
		$(SRC)/include/uapi/linux/mediasec.h
	install -D -m 0644 -t $(DKMS_DIR)/ebpf $(SRC)/ebpf/mediasec_kfunc.h
	install -D -m 0644 -t $(DKMS_DIR)/selftests \
		$(SRC)/selftests/srtp_vectors.h
	install -D -m 0644 $(SRC)/packaging/dkms-btf $(DKMS_DIR)/dkms-btf

deb:
	rm -rf $(DEB_OUT) && mkdir -p $(DEB_OUT)/src
	cd $(SRC) && git ls-files -z | xargs -0 cp --parents -t $(DEB_OUT)/src
	cd $(DEB_OUT)/src && dpkg-buildpackage -us -uc -b
	lintian --fail-on error,warning $(DEB_OUT)/*.changes
	@ls $(DEB_OUT)/*.deb

package image

import (
	"bytes"
	"debug/elf"
	"fmt"
	"strings"
)

// ELF is what Inspect learns of an executable: its architecture and
// whether it needs a dynamic loader or shared libraries.
type ELF struct {
	Arch   string   // GOARCH spelling (amd64, arm64, ...), else the ELF machine name
	Interp string   // the PT_INTERP loader; "" for a static binary
	Needed []string // DT_NEEDED shared libraries
}

// Static reports that the binary runs with no loader and no libraries: what
// an image without libc needs.
func (e ELF) Static() bool { return e.Interp == "" && len(e.Needed) == 0 }

// elfMagic starts every ELF file.
var elfMagic = []byte("\x7fELF")

// readELF parses b as an ELF file.
func readELF(b []byte) (ELF, error) {
	f, err := elf.NewFile(bytes.NewReader(b))
	if err != nil {
		return ELF{}, fmt.Errorf("image: not an ELF file: %w", err)
	}
	defer f.Close()
	e := ELF{Arch: goarch(f)}
	for _, p := range f.Progs {
		if p.Type != elf.PT_INTERP {
			continue
		}
		raw := make([]byte, p.Filesz)
		if _, err := p.ReadAt(raw, 0); err != nil {
			return ELF{}, fmt.Errorf("image: read PT_INTERP: %w", err)
		}
		e.Interp = strings.TrimRight(string(raw), "\x00")
		if e.Interp == "" {
			e.Interp = "(empty PT_INTERP)"
		}
	}
	if e.Needed, err = f.ImportedLibraries(); err != nil {
		return ELF{}, fmt.Errorf("image: read DT_NEEDED: %w", err)
	}
	return e, nil
}

func goarch(f *elf.File) string {
	switch f.Machine {
	case elf.EM_X86_64:
		return "amd64"
	case elf.EM_AARCH64:
		return "arm64"
	case elf.EM_386:
		return "386"
	case elf.EM_ARM:
		return "arm"
	case elf.EM_RISCV:
		return "riscv64"
	case elf.EM_S390:
		return "s390x"
	case elf.EM_PPC64:
		if f.ByteOrder.String() == "LittleEndian" {
			return "ppc64le"
		}
		return "ppc64"
	}
	return f.Machine.String()
}

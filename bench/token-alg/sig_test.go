package sig

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"testing"
)

var msg = make([]byte, 900) // a registry token's signing input is about this long

func BenchmarkVerifyRS256(b *testing.B) {
	k, _ := rsa.GenerateKey(rand.Reader, 2048)
	h := sha256.Sum256(msg)
	sig, _ := rsa.SignPKCS1v15(rand.Reader, k, crypto.SHA256, h[:])
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h := sha256.Sum256(msg)
		if rsa.VerifyPKCS1v15(&k.PublicKey, crypto.SHA256, h[:], sig) != nil {
			b.Fatal("bad")
		}
	}
}

func BenchmarkVerifyES256(b *testing.B) {
	k, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	h := sha256.Sum256(msg)
	r, s, _ := ecdsa.Sign(rand.Reader, k, h[:])
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h := sha256.Sum256(msg)
		if !ecdsa.Verify(&k.PublicKey, h[:], r, s) {
			b.Fatal("bad")
		}
	}
}

package dev.mproc.manager;

/**
 * CPython's {@code FooBar} of {@code _TestMyManager}: {@code f()} answers, {@code g()} raises, {@code _h()} is exposed
 * only through {@link Bar}; here the interface a type is registered with is what its proxies expose.
 */
public final class FooBar implements Foo, Bar {

    @Override
    public String f() {
        return "f()";
    }

    @Override
    public void g() {
        throw new IllegalArgumentException();
    }

    @Override
    public String h() {
        return "_h()";
    }
}

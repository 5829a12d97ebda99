package dev.mproc.manager;

/**
 * CPython's {@code register('Foo', callable=FooBar)} of {@code _TestMyManager}: the public methods of {@link FooBar}.
 */
public interface Foo {

    /** @return {@code "f()"} */
    String f();

    /** Throws {@link IllegalArgumentException}, Python's {@code ValueError}. */
    void g();
}

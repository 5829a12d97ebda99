package dev.mproc.manager;

/** CPython's {@code register('Bar', callable=FooBar, exposed=('f', '_h'))} of {@code _TestMyManager}. */
public interface Bar {

    /** @return {@code "f()"} */
    String f();

    /** @return {@code "_h()"} */
    String h();
}

// poolscope: the window. Everything but main() lives in the ui library.
#include "ui/shell/appmain.h"

int main(int argc, char** argv)
{
    return poolscope::ui::appMain(argc, argv);
}

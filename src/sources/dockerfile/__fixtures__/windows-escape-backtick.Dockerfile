# escape=`

FROM mcr.microsoft.com/windows/servercore:ltsc2022
ENV INSTALL_DIR=C:\app `
    LOG_DIR=C:\logs
USER ContainerUser
